import { describe, expect, it } from 'vitest';
import { LineFramer } from '../../../src/control/line-framer.js';

describe('LineFramer', () => {
  it.each<[string, readonly Buffer[], readonly string[]]>([
    ['one line', [Buffer.from('{"a":1}\n')], ['{"a":1}']],
    ['two lines in one read', [Buffer.from('a\nb\n')], ['a', 'b']],
    ['a line across reads', [Buffer.from('ab'), Buffer.from('c\n')], ['abc']],
    [
      'a character split across reads is decoded whole',
      [Buffer.from([0x22, 0xf0, 0x9f]), Buffer.from([0x99, 0x82, 0x22, 0x0a])],
      ['"🙂"'],
    ],
    ['invalid UTF-8 becomes replacement characters', [Buffer.from([0xff, 0x0a])], ['\ufffd']],
    ['a partial line waits', [Buffer.from('abc')], []],
  ])('%s', (_name, chunks, expected) => {
    const framer = new LineFramer(100);
    const lines = chunks.flatMap((chunk) => {
      const input = framer.push(chunk);
      return input.ok ? input.lines : ['<overflow>'];
    });
    expect(lines).toEqual(expected);
  });

  it('refuses a line longer than the bound, whether it ends or not', () => {
    expect(new LineFramer(4).push(Buffer.from('12345\n')).ok).toBe(false);
    const framer = new LineFramer(4);
    expect(framer.push(Buffer.from('123')).ok).toBe(true);
    expect(framer.push(Buffer.from('45')).ok).toBe(false);
  });

  it('counts the bound per line, not per connection', () => {
    const framer = new LineFramer(4);
    for (let index = 0; index < 100; index++) {
      expect(framer.push(Buffer.from('1234\n'))).toEqual({ ok: true, lines: ['1234'] });
    }
  });
});
