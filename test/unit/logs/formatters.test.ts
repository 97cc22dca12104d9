// Formatters: the exact bytes of the foreman, heroku and json formats, and the framing under them.
import { describe, expect, it } from 'vitest';
import type { LogBatch, LogSource } from '../../../src/logs/log-batch.js';
import type { FormatterOptions } from '../../../src/logs/formatters.js';
import { createFormatter, frameLines, LOG_FORMATS } from '../../../src/logs/formatters.js';

/** 18:00:00.250 local time, for foreman's clock; the heroku formats print it in UTC. */
const LOCAL = new Date(2026, 10, 23, 18, 0, 0, 250).getTime();
const UTC = Date.UTC(2026, 10, 23, 18, 0, 0) + 123.456;

function batch(text: string, options: Partial<LogBatch> & { source?: LogSource } = {}): LogBatch {
  const lineCount = text.split('\n').length - 1;
  return {
    time: LOCAL,
    source: 'app',
    dyno: 'web.1',
    data: Buffer.from(text),
    lineCount,
    ...options,
  };
}

function format(options: Partial<FormatterOptions>, ...batches: LogBatch[]): string[] {
  const formatter = createFormatter({ format: 'foreman', color: false, nameWidth: 6, ...options });
  return batches.map((each) => formatter(each).toString('utf8'));
}

describe('frameLines', () => {
  const prefix = Buffer.from('P> ');
  it.each<[string, string, number, string | undefined, string]>([
    ['one line', 'a\n', 1, undefined, 'P> a\n'],
    ['several lines', 'ab\ncd\nef\n', 3, undefined, 'P> ab\nP> cd\nP> ef\n'],
    ['empty lines', '\n\nx\n', 3, undefined, 'P> \nP> \nP> x\n'],
    ['a suffix in place of each newline', 'ab\n\ncd\n', 3, ']]\n', 'P> ab]]\nP> ]]\nP> cd]]\n'],
    ['a one-byte suffix', 'ab\ncd\n', 2, '\n', 'P> ab\nP> cd\n'],
    ['no lines', '', 0, undefined, ''],
  ])('%s', (_name, text, lineCount, suffix, expected) => {
    const suffixBytes = suffix === undefined ? undefined : Buffer.from(suffix);
    const out = frameLines(Buffer.from(text), lineCount, prefix, suffixBytes);
    expect(out.toString()).toBe(expected);
  });

  it('frames lines of every length without mixing them up', () => {
    const lines = Array.from({ length: 300 }, (_, i) => 'x'.repeat(i % 37) + String(i));
    const data = Buffer.from(lines.map((line) => `${line}\n`).join(''));
    const out = frameLines(data, lines.length, Buffer.from('[web.1] '), Buffer.from('!\n'));
    expect(out.toString()).toBe(lines.map((line) => `[web.1] ${line}!\n`).join(''));
  });

  it('leaves the batch untouched', () => {
    const data = Buffer.from('a\nb\n');
    frameLines(data, 2, prefix);
    expect(data.toString()).toBe('a\nb\n');
  });
});

describe('foreman format', () => {
  it.each<[string, Partial<FormatterOptions>, LogBatch, string]>([
    [
      'padded name',
      { nameWidth: 8 },
      batch('hello\nworld\n'),
      '18:00:00 web.1    | hello\n18:00:00 web.1    | world\n',
    ],
    ['name as wide as the column', { nameWidth: 5 }, batch('x\n'), '18:00:00 web.1 | x\n'],
    [
      'a longer name is not cut',
      { nameWidth: 3 },
      batch('x\n', { dyno: 'release.2817' }),
      '18:00:00 release.2817 | x\n',
    ],
    [
      'platform line without colour',
      {},
      batch('State changed from starting to up\n', { source: 'heroku' }),
      '18:00:00 web.1  | State changed from starting to up\n',
    ],
    ['an empty line', {}, batch('\n'), '18:00:00 web.1  | \n'],
    [
      'a dyno colour passes through',
      {},
      batch('\x1b[31mred\x1b[0m\n'),
      '18:00:00 web.1  | \x1b[31mred\x1b[0m\n',
    ],
  ])('%s', (_name, options, input, expected) => {
    expect(format(options, input)).toEqual([expected]);
  });

  it('colours each dyno by first appearance and resets after the prefix', () => {
    const out = format(
      { color: true },
      batch('a\n'),
      batch('b\nc\n', { dyno: 'worker.1' }),
      batch('d\n'),
    );
    expect(out).toEqual([
      '\x1b[36m18:00:00 web.1  |\x1b[0m a\n',
      '\x1b[33m18:00:00 worker.1 |\x1b[0m b\n\x1b[33m18:00:00 worker.1 |\x1b[0m c\n',
      '\x1b[36m18:00:00 web.1  |\x1b[0m d\n',
    ]);
  });

  it('dims platform lines after the dyno-coloured prefix', () => {
    const out = format(
      { color: true },
      batch('State changed from down to starting\nStarting process with command `npm start`\n', {
        source: 'heroku',
      }),
      batch('app output\n'),
    );
    expect(out).toEqual([
      '\x1b[36m18:00:00 web.1  |\x1b[0m \x1b[2mState changed from down to starting\x1b[22m\n' +
        '\x1b[36m18:00:00 web.1  |\x1b[0m \x1b[2mStarting process with command `npm start`\x1b[22m\n',
      '\x1b[36m18:00:00 web.1  |\x1b[0m app output\n',
    ]);
  });

  it('cycles through the palette', () => {
    const dynos = Array.from({ length: 9 }, (_, i) => `web.${i + 1}`);
    const out = format({ color: true }, ...dynos.map((dyno) => batch('x\n', { dyno })));
    const colours = out.map((text) => /^.\[(\d+)m/.exec(text)?.[1]);
    expect(colours).toEqual(['36', '33', '32', '35', '34', '96', '93', '92', '36']);
  });

  it('follows the clock from one batch to the next', () => {
    const out = format({}, batch('a\n'), batch('b\n', { time: LOCAL + 1000 }), batch('c\n'));
    expect(out).toEqual([
      '18:00:00 web.1  | a\n',
      '18:00:01 web.1  | b\n',
      '18:00:00 web.1  | c\n',
    ]);
  });
});

describe('heroku format', () => {
  it.each<[string, boolean, LogBatch, string]>([
    [
      'app lines',
      false,
      batch('hello\nworld\n', { time: UTC }),
      '2026-11-23T18:00:00.123456+00:00 app[web.1]: hello\n2026-11-23T18:00:00.123456+00:00 app[web.1]: world\n',
    ],
    [
      'a platform line',
      false,
      batch('State changed from starting to up\n', { time: UTC, source: 'heroku' }),
      '2026-11-23T18:00:00.123456+00:00 heroku[web.1]: State changed from starting to up\n',
    ],
    [
      'never coloured',
      true,
      batch('at=info\n', { time: UTC, source: 'heroku', dyno: 'router' }),
      '2026-11-23T18:00:00.123456+00:00 heroku[router]: at=info\n',
    ],
    [
      'an empty line',
      false,
      batch('\n', { time: UTC }),
      '2026-11-23T18:00:00.123456+00:00 app[web.1]: \n',
    ],
  ])('%s', (_name, color, input, expected) => {
    expect(format({ format: 'heroku', color }, input)).toEqual([expected]);
  });

  it('gives every batch its own time, even within one second', () => {
    const out = format(
      { format: 'heroku' },
      batch('a\n', { time: UTC }),
      batch('b\n', { time: UTC + 0.5 }),
    );
    expect(out).toEqual([
      '2026-11-23T18:00:00.123456+00:00 app[web.1]: a\n',
      '2026-11-23T18:00:00.123956+00:00 app[web.1]: b\n',
    ]);
  });
});

describe('json format', () => {
  it('writes one object per line', () => {
    const out = format({ format: 'json', color: true }, batch('hello\n\n', { time: UTC }));
    expect(out).toEqual([
      '{"time":"2026-11-23T18:00:00.123456+00:00","source":"app","dyno":"web.1","message":"hello"}\n' +
        '{"time":"2026-11-23T18:00:00.123456+00:00","source":"app","dyno":"web.1","message":""}\n',
    ]);
  });

  it.each<[string, Buffer, string]>([
    ['quotes and backslashes', Buffer.from('say "hi" \\o/'), String.raw`"say \"hi\" \\o/"`],
    ['control characters', Buffer.from('a\tb\x1b[31mc\x00'), String.raw`"a\tb\u001b[31mc\u0000"`],
    ['unicode stays as UTF-8', Buffer.from('café 😀'), '"café 😀"'],
    ['invalid UTF-8 becomes U+FFFD', Buffer.from([0x61, 0xff, 0x62]), '"a\ufffdb"'],
  ])('escapes %s', (_name, message, expected) => {
    const input = batch('', { time: UTC, source: 'heroku', dyno: 'router' });
    const data = Buffer.concat([message, Buffer.from('\n')]);
    const [out] = format({ format: 'json' }, { ...input, data, lineCount: 1 });
    expect(out).toBe(
      `{"time":"2026-11-23T18:00:00.123456+00:00","source":"heroku","dyno":"router","message":${expected}}\n`,
    );
    expect(JSON.parse(out ?? '')).toMatchObject({ message: message.toString('utf8') });
  });
  it.each<[string, Buffer]>([
    ['plain ASCII', Buffer.from('GET / 200\nPOST /x 201\n\n')],
    ['UTF-8 text', Buffer.from('café\n😀 ok\nline\u2028sep\x7f\n')],
    ['one line to escape among plain ones', Buffer.from('plain\nsay "hi"\nplain\n')],
    ['a tab', Buffer.from('a\tb\n')],
    ['invalid UTF-8', Buffer.from([0x61, 0x0a, 0xc3, 0x28, 0x0a])],
  ])('matches JSON.stringify for %s', (_name, data) => {
    const lines = data.toString('utf8').split('\n').slice(0, -1);
    const input = batch('', { time: UTC, dyno: 'web.1' });
    const [out] = format({ format: 'json' }, { ...input, data, lineCount: lines.length });
    const time = '2026-11-23T18:00:00.123456+00:00';
    const expected = lines.map(
      (message) => `${JSON.stringify({ time, source: 'app', dyno: 'web.1', message })}\n`,
    );
    expect(out).toBe(expected.join(''));
  });
});

it('lists every format', () => {
  expect(LOG_FORMATS).toEqual(['foreman', 'heroku', 'json']);
});
