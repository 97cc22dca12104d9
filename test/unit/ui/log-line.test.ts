import { describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, lineText } from '../../../src/ui/log-line.js';

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
