import { describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, lineText, linesOfBatch } from '../../../src/ui/log-line.js';
import { LogStore } from '../../../src/ui/log-store.js';
import { DYNO_PALETTE } from '../../../src/ui/dyno-colors.js';
import { T0, batchOf } from './fake-engine.js';

describe('lineText', () => {
  it.each<[string, string, number, string]>([
    ['a short line', 'hello', 10, 'hello'],
    ['a line at the limit', 'abcdefghij', 10, 'abcdefghij'],
    ['a longer line', 'abcdefghijkl', 10, 'abcdefghij … [cut: 12 characters]'],
    ['a line sanitized first', '\x1b[31mred\x1b[0m', 10, 'red'],
    ['tabs that grow past the limit', 'a\tb\tc', 10, 'a       b  … [cut: 5 characters]'],
    ['a surrogate pair at the cut', `abcdefghi🚀z`, 10, 'abcdefghi … [cut: 12 characters]'],
  ])('%s', (_name, raw, max, expected) => {
    expect(lineText(raw, max)).toBe(expected);
  });

  it('cuts at MAX_LINE_CHARS by default', () => {
    expect(lineText('x'.repeat(1_000_000)).length).toBeLessThan(MAX_LINE_CHARS + 40);
  });
});

describe('linesOfBatch', () => {
  it.each<[string, readonly string[], number, readonly string[]]>([
    ['one line', ['a'], Infinity, ['a']],
    ['several lines', ['a', 'b', 'c'], Infinity, ['a', 'b', 'c']],
    ['more lines than kept', ['a', 'b', 'c', 'd'], 2, ['c', 'd']],
    ['exactly as many as kept', ['a', 'b'], 2, ['a', 'b']],
    ['empty lines', ['', 'x', ''], Infinity, ['', 'x', '']],
    ['empty lines in the tail', ['a', '', ''], 2, ['', '']],
  ])('%s', (_name, lines, max, expected) => {
    const out = linesOfBatch(batchOf('web.1', lines), max);
    expect(out.map((line) => line.text)).toEqual(expected);
  });

  it('carries the batch time, source and dyno onto each line', () => {
    const [line] = linesOfBatch(batchOf('web.2', ['up'], 'heroku', T0 + 5));
    expect(line).toEqual({ time: T0 + 5, source: 'heroku', dyno: 'web.2', text: 'up' });
  });

  it('decodes invalid UTF-8 to a visible placeholder', () => {
    const [line] = linesOfBatch(batchOf('web.1', [Buffer.from([0x61, 0xff, 0x62])]));
    expect(line?.text).toBe('a\uFFFDb');
  });
});

describe('LogStore', () => {
  it('keeps only the last lines however many arrive', () => {
    const store = new LogStore(100);
    for (let i = 0; i < 50; i++) {
      store.append(
        batchOf(
          'web.1',
          Array.from({ length: 1000 }, (_, j) => `${i}:${j}`),
        ),
      );
    }
    expect(store.lines.size).toBe(100);
    expect(store.lines.at(store.lines.endSeq - 1)?.text).toBe('49:999');
    expect(store.lines.at(store.lines.firstSeq)?.text).toBe('49:900');
  });

  it('gives dynos colours in the order they first log, as the plain printer does', () => {
    const store = new LogStore();
    for (const name of ['web.1', 'worker.1', 'web.1', 'router']) store.append(batchOf(name, ['x']));
    expect(['web.1', 'worker.1', 'router'].map((name) => store.colors.colorOf(name))).toEqual(
      DYNO_PALETTE.slice(0, 3),
    );
  });
});
