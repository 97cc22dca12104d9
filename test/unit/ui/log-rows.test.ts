import { describe, expect, it } from 'vitest';
import { DynoColors } from '../../../src/ui/dyno-colors.js';
import type { UiLogLine } from '../../../src/ui/log-line.js';
import {
  cutToColumns,
  fillBlank,
  paneRows,
  textColumns,
  wrapToColumns,
} from '../../../src/ui/log-rows.js';
import type { ShownLine } from '../../../src/ui/log-window.js';

describe('textColumns', () => {
  it.each<[string, number]>([
    ['', 0],
    ['hello', 5],
    ['漢字', 4],
    ['a🚀b', 4],
    ['café', 4],
    // A combining accent is drawn over its letter: one character, one column.
    ['cafe\u0301', 4],
    ['web.1 » ', 8],
  ])('%j takes %i', (text, columns) => {
    expect(textColumns(text)).toBe(columns);
  });
});

describe('cutToColumns', () => {
  it.each<[string, number, string]>([
    ['hello', 10, 'hello'],
    ['hello', 3, 'hel'],
    ['hello', 0, ''],
    ['漢字漢字', 5, '漢字'],
    ['a🚀b', 2, 'a'],
    ['a🚀b', 3, 'a🚀'],
  ])('%j in %i columns: %j', (text, columns, expected) => {
    expect(cutToColumns(text, columns)).toBe(expected);
  });
});

describe('wrapToColumns', () => {
  it.each<[string, string, number, readonly string[]]>([
    ['a short line', 'hello', 10, ['hello']],
    ['a line at the width', 'abcdefghij', 10, ['abcdefghij']],
    ['an empty line', '', 10, ['']],
    ['at a space', 'hello there world', 10, ['hello ', 'there ', 'world']],
    ['dropping a space on the break', 'abcde fghij klm', 5, ['abcde', 'fghij', 'klm']],
    [
      'a word longer than a row',
      'abcdefghijklmnopqrstuvwxy',
      10,
      ['abcdefghij', 'klmnopqrst', 'uvwxy'],
    ],
    [
      'a long word filling the row it starts on',
      'a 0123456789abcdef',
      10,
      ['a 01234567', '89abcdef'],
    ],
    ['wide characters', '漢字漢字漢', 5, ['漢字', '漢字', '漢']],
    ['a wide character wider than the row', '漢a', 1, ['漢', 'a']],
    ['no width at all', 'abc', 0, ['a', 'b', 'c']],
  ])('%s', (_name, text, columns, expected) => {
    expect(wrapToColumns(text, columns)).toEqual(expected);
  });

  it('never makes a row wider than asked', () => {
    const text = `words ${'lorem ipsum '.repeat(30)} 漢字🚀 ${'x'.repeat(200)} e\u0301`;
    for (const columns of [1, 2, 7, 13, 62]) {
      const rows = wrapToColumns(text, columns);
      for (const row of rows) expect(textColumns(row)).toBeLessThanOrEqual(Math.max(columns, 2));
      expect(rows.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
    }
  });
});

describe('paneRows', () => {
  const style = { nameWidth: 6, showTime: false };
  const shown = (seq: number, dyno: string, text: string, source: UiLogLine['source'] = 'app') => ({
    seq,
    line: { time: 0, source, dyno, text },
  });
  const lines: ShownLine[] = [
    shown(1, 'web.1', 'first'),
    shown(2, 'router', 'at=info a long platform line', 'heroku'),
    shown(3, 'web.1', 'last'),
  ];

  it('puts each line under its prefix, wrapped under its text, newest at the bottom', () => {
    const colors = new DynoColors();
    // 9 columns of prefix leave 11 for the text.
    expect(paneRows(lines, colors, style, 20, 10)).toEqual([
      { seq: 1, prefix: 'web.1  | ', color: 'cyan', text: 'first', dim: false },
      { seq: 2, prefix: 'router » ', color: 'yellow', text: 'at=info a ', dim: true },
      { seq: 2, prefix: '         ', color: undefined, text: 'long ', dim: true },
      { seq: 2, prefix: '         ', color: undefined, text: 'platform ', dim: true },
      { seq: 2, prefix: '         ', color: undefined, text: 'line', dim: true },
      { seq: 3, prefix: 'web.1  | ', color: 'cyan', text: 'last', dim: false },
    ]);
  });

  it('fills only the rows there are, cutting the oldest line at the top', () => {
    const rows = paneRows(lines, new DynoColors(), style, 20, 3);
    expect(rows.map((row) => row.text)).toEqual(['platform ', 'line', 'last']);
  });

  it('shows router lines in one row in colour, or whole when asked', () => {
    const router = [
      shown(
        4,
        'router',
        'at=error code=H12 desc="Request timeout" method=GET path="/slow" host=h request_id=r fwd="127.0.0.1" dyno=web.1 connect=0ms service=30000ms status=503 bytes=0 protocol=http',
        'heroku',
      ),
    ];
    expect(paneRows(router, new DynoColors(), style, 80, 10)).toEqual([
      {
        seq: 4,
        prefix: 'router » ',
        color: 'cyan',
        text: 'H12 GET /slow → web.1 503 30000ms Request timeout',
        dim: false,
        textColor: 'red',
      },
    ]);
    const full = paneRows(router, new DynoColors(), style, 80, 10, true);
    expect(full.length).toBeGreaterThan(1);
    expect(full[0]?.text).toMatch(/^at=error code=H12/);
    expect(full[0]?.dim).toBe(true);
  });

  it('leaves an app line that looks like a router line alone', () => {
    const text = 'at=info method=GET path="/" status=200';
    expect(paneRows([shown(5, 'web.1', text)], new DynoColors(), style, 80, 10)[0]?.text).toBe(
      text,
    );
  });

  it('has no rows without lines', () => {
    expect(paneRows([], new DynoColors(), style, 20, 3)).toEqual([]);
  });
});

describe('fillBlank', () => {
  const cyan = (text: string): string => `\x1b[36m${text}\x1b[39m`;
  const dim = (text: string): string => `\x1b[2m${text}\x1b[22m`;

  it.each<[string, string, string, string]>([
    ['without colours', 'abc', '     ', 'abc'],
    ['in the blank’s colour', 'abc', cyan('   '), cyan('abc')],
    [
      'across coloured runs',
      'web | text',
      cyan('      ') + dim('      '),
      cyan('web | ') + dim('text'),
    ],
    ['cut to the blank', 'abcdef', cyan('   '), cyan('abc')],
    ['an empty text', '', dim('   '), dim('')],
    ['a wide character that does not fit a run', 'a漢b', cyan('  ') + '   ', cyan('a ') + '漢b'],
  ])('%s', (_name, content, blank, expected) => {
    expect(fillBlank(content)(blank, 0)).toBe(expected);
  });

  it('writes nothing on a second row, which only a blank wrapped by ink would have', () => {
    expect(fillBlank('abc')('   ', 1)).toBe('');
  });
});
