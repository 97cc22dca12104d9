import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../src/ui/ring-buffer.js';

function filled(capacity: number, count: number): RingBuffer<number> {
  const buffer = new RingBuffer<number>(capacity);
  for (let i = 0; i < count; i++) buffer.push(i);
  return buffer;
}

describe('RingBuffer', () => {
  it.each<[string, number, number, number[], number, number]>([
    ['empty', 3, 0, [], 0, 0],
    ['part full', 3, 2, [0, 1], 0, 2],
    ['exactly full', 3, 3, [0, 1, 2], 0, 3],
    ['wrapped once', 3, 4, [1, 2, 3], 1, 4],
    ['wrapped many times', 3, 10, [7, 8, 9], 7, 10],
    ['capacity one', 1, 5, [4], 4, 5],
  ])('%s', (_name, capacity, count, items, firstSeq, endSeq) => {
    const buffer = filled(capacity, count);
    expect(buffer.toArray()).toEqual(items);
    expect(buffer.firstSeq).toBe(firstSeq);
    expect(buffer.endSeq).toBe(endSeq);
    expect(buffer.size).toBe(items.length);
  });

  it.each<[number, number | undefined]>([
    [6, undefined],
    [7, 7],
    [9, 9],
    [10, undefined],
    [-1, undefined],
  ])('at(%i) after 10 pushes into 3 slots', (seq, expected) => {
    expect(filled(3, 10).at(seq)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a capacity of %s', (capacity) => {
    expect(() => new RingBuffer(capacity)).toThrow(RangeError);
  });

  it('holds no more than its capacity however much is pushed', () => {
    const buffer = filled(10_000, 1_000_000);
    expect(buffer.size).toBe(10_000);
    expect(buffer.at(999_999)).toBe(999_999);
    expect(buffer.at(990_000)).toBe(990_000);
    expect(buffer.at(989_999)).toBeUndefined();
  });
});
