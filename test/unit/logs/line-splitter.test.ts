// LineSplitter: partial lines, CRLF, bare `\r`, UTF-8 across chunks, over-long lines, flushing.
import { describe, expect, it } from 'vitest';
import type { LineChunk } from '../../../src/logs/line-splitter.js';
import { LineSplitter } from '../../../src/logs/line-splitter.js';

type Input = string | Buffer;

const toBuffer = (input: Input): Buffer =>
  typeof input === 'string' ? Buffer.from(input, 'utf8') : input;

/** Checks the LineChunk contract and returns its lines without their newlines. */
function linesOf(chunk: LineChunk | undefined): string[] {
  if (chunk === undefined) return [];
  const text = chunk.data.toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  expect(chunk.data.includes('\r')).toBe(false);
  const lines = text.slice(0, -1).split('\n');
  expect(chunk.lineCount).toBe(lines.length);
  return lines;
}

function split(chunks: readonly Input[], maxLineBytes?: number): string[] {
  const splitter = new LineSplitter(maxLineBytes);
  const lines = chunks.flatMap((chunk) => linesOf(splitter.push(toBuffer(chunk))));
  return [...lines, ...linesOf(splitter.end())];
}

const EMOJI = Buffer.from('😀'); // 4 bytes: f0 9f 98 80
const EURO = Buffer.from('€'); // 3 bytes: e2 82 ac

describe('LineSplitter', () => {
  it.each<[string, Input[], string[]]>([
    ['one chunk of lines', ['a\nb\n'], ['a', 'b']],
    ['a line across chunks', ['ab', 'c\nd', 'e\n'], ['abc', 'de']],
    ['a line across many chunks', ['a', 'b', 'c', '\n'], ['abc']],
    ['CRLF', ['a\r\nb\r\n'], ['a', 'b']],
    ['CR at the end of one chunk, LF at the start of the next', ['a\r', '\nb\n'], ['a', 'b']],
    ['bare CR: the text after the last one', ['10%\r20%\r30%\n'], ['30%']],
    ['bare CR with nothing after it: the text before', ['done\r\r\n'], ['done']],
    ['bare CR before CRLF', ['50%\r100%\r\n'], ['100%']],
    ['progress bar across chunks', ['\r10%', '\r20%', '\r100%\n'], ['100%']],
    ['CR in one chunk, new text in the next', ['abc\r', 'def\n'], ['def']],
    ['empty lines', ['\n\n', 'a\n\n'], ['', '', 'a', '']],
    ['an empty CRLF line', ['\r\n'], ['']],
    ['a line of CRs alone', ['\r\r\n'], ['']],
    ['partial line flushed at the end', ['abc'], ['abc']],
    ['partial line with CR at the end', ['ab\rcd'], ['cd']],
    ['only a CR left at the end: nothing', ['a\n\r'], ['a']],
    ['no chunks', [], []],
    ['an empty chunk', ['', 'a\n', ''], ['a']],
    [
      'a 2-byte character split across chunks',
      [Buffer.from([0x61, 0xc3]), Buffer.from([0xa9, 0x0a])],
      ['aé'],
    ],
    [
      'an emoji split over three chunks',
      [
        EMOJI.subarray(0, 1),
        EMOJI.subarray(1, 3),
        Buffer.concat([EMOJI.subarray(3), toBuffer('!\n')]),
      ],
      ['😀!'],
    ],
  ])('%s', (_name, chunks, expected) => {
    expect(split(chunks)).toEqual(expected);
  });

  it.each<[string, Input[], string[]]>([
    ['exactly the limit', ['abcdefgh\n'], ['abcdefgh']],
    ['one byte over', ['abcdefghi\n'], ['abcdefgh', 'i']],
    ['twice the limit: no empty line', ['abcdefghABCDEFGH\n'], ['abcdefgh', 'ABCDEFGH']],
    ['over-long across chunks', ['abcde', 'fghij', 'k\n'], ['abcdefgh', 'ijk']],
    ['a 3-byte character on the boundary', ['abcdefg€x\n'], ['abcdefg', '€x']],
    ['a 4-byte character on the boundary', ['abcdef😀z\n'], ['abcdef', '😀z']],
    ['a 4-byte character on the boundary, streamed', ['abcdef😀', 'z\n'], ['abcdef', '😀z']],
    ['bare CR then over-long text', ['xx\rabcdefghij\n'], ['abcdefgh', 'ij']],
    ['a long line between short ones', ['a\nabcdefghij\nb\n'], ['a', 'abcdefgh', 'ij', 'b']],
  ])('splits over-long lines: %s', (_name, chunks, expected) => {
    expect(split(chunks, 8)).toEqual(expected);
  });

  it('emits the 10,000-byte pieces of a 1 MB line without a newline as they arrive', () => {
    const splitter = new LineSplitter();
    const big = Buffer.alloc(1_000_500, 'y');
    const lengths: number[] = [];
    for (let offset = 0; offset < big.length; offset += 64 * 1024) {
      const out = splitter.push(big.subarray(offset, offset + 64 * 1024));
      for (const line of linesOf(out)) lengths.push(line.length);
    }
    expect(lengths).toEqual(Array<number>(100).fill(10_000));
    expect(splitter.hasPartial).toBe(true);
    expect(linesOf(splitter.end()).map((line) => line.length)).toEqual([500]);
    expect(splitter.hasPartial).toBe(false);
  });

  it('never cuts a character when splitting at 10,000 bytes', () => {
    const line = Buffer.concat([Buffer.alloc(9_999, 'a'), EURO, toBuffer('b\n')]);
    const lines = linesOf(new LineSplitter().push(line));
    expect(lines.map((text) => Buffer.byteLength(text))).toEqual([9_999, 4]);
    expect(lines[1]).toBe('€b');
  });

  it('returns clean lines as a view of the chunk, without copying', () => {
    const chunk = Buffer.from('one\ntwo\nthr');
    const out = new LineSplitter().push(chunk);
    expect(out?.data.buffer).toBe(chunk.buffer);
    expect(out?.data.toString()).toBe('one\ntwo\n');
    expect(out?.lineCount).toBe(2);
  });

  it('keeps the partial line as its own copy, so the chunk may be reused', () => {
    const splitter = new LineSplitter();
    const chunk = Buffer.from('a\nbc');
    splitter.push(chunk);
    chunk.fill(0x7a);
    expect(linesOf(splitter.push(Buffer.from('d\n')))).toEqual(['bcd']);
  });

  describe('flushPartial', () => {
    it('shows a prompt and does not add an empty line when its newline arrives', () => {
      const splitter = new LineSplitter();
      expect(splitter.push(Buffer.from('Password: '))).toBeUndefined();
      expect(splitter.hasPartial).toBe(true);
      expect(linesOf(splitter.flushPartial())).toEqual(['Password: ']);
      expect(splitter.hasPartial).toBe(false);
      expect(splitter.push(Buffer.from('\n'))).toBeUndefined();
      expect(linesOf(splitter.push(Buffer.from('next\n')))).toEqual(['next']);
    });

    it.each<[string, string, string[]]>([
      ['a newline', '\n', []],
      ['a CRLF', '\r\n', []],
      ['a newline, then an empty line', '\n\n', ['']],
      ['more text on the same line', 'more\n', ['more']],
    ])('after a flush, %s', (_name, next, expected) => {
      const splitter = new LineSplitter();
      splitter.push(Buffer.from('a\nwait'));
      expect(linesOf(splitter.flushPartial())).toEqual(['wait']);
      expect(linesOf(splitter.push(Buffer.from(next)))).toEqual(expected);
    });

    it('shows the visible text of a progress bar ending in CR', () => {
      const splitter = new LineSplitter();
      splitter.push(Buffer.from('10%\r50%\r'));
      expect(linesOf(splitter.flushPartial())).toEqual(['50%']);
      expect(splitter.push(Buffer.from('\n'))).toBeUndefined();
      splitter.push(Buffer.from('\r60%'));
      expect(linesOf(splitter.flushPartial())).toEqual(['60%']);
      expect(linesOf(splitter.push(Buffer.from('\r100%\n')))).toEqual(['100%']);
    });

    it('shows only the text after a CR that came in an earlier chunk', () => {
      const splitter = new LineSplitter();
      splitter.push(Buffer.from('abc\r'));
      splitter.push(Buffer.from('def'));
      expect(linesOf(splitter.flushPartial())).toEqual(['def']);
    });

    it('keeps an incomplete UTF-8 character back', () => {
      const splitter = new LineSplitter();
      splitter.push(Buffer.concat([toBuffer('ab'), EMOJI.subarray(0, 2)]));
      expect(linesOf(splitter.flushPartial())).toEqual(['ab']);
      expect(splitter.hasPartial).toBe(true);
      expect(splitter.flushPartial()).toBeUndefined();
      const rest = Buffer.concat([EMOJI.subarray(2), toBuffer('\n')]);
      expect(linesOf(splitter.push(rest))).toEqual(['😀']);
    });

    it.each<[string, Buffer, string]>([
      ['a complete 4-byte character', Buffer.concat([toBuffer('a'), EMOJI]), 'a😀'],
      ['a complete 3-byte character', Buffer.concat([toBuffer('a'), EURO]), 'a€'],
      ['a stray continuation byte', Buffer.from([0x61, 0x80]), 'a\ufffd'],
    ])('flushes %s whole', (_name, pending, expected) => {
      const splitter = new LineSplitter();
      splitter.push(pending);
      expect(linesOf(splitter.flushPartial())).toEqual([expected]);
      expect(splitter.hasPartial).toBe(false);
    });

    it('has nothing to flush without a partial line', () => {
      const splitter = new LineSplitter();
      splitter.push(Buffer.from('a\n'));
      expect(splitter.flushPartial()).toBeUndefined();
    });
  });

  it('rejects a limit that cannot hold a character', () => {
    expect(() => new LineSplitter(3)).toThrow(RangeError);
  });
});
