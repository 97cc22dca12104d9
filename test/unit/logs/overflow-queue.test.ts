// OverflowQueue: a bounded backlog that drops, counts, and reports what it dropped (L10/L11).
import { describe, expect, it } from 'vitest';
import type { DroppedLines } from '../../../src/logs/overflow-queue.js';
import { OverflowQueue, overflowMessage } from '../../../src/logs/overflow-queue.js';

const T0 = Date.UTC(2026, 11, 1, 15, 0, 0);

/** A queue of strings where each item costs its length, and a notice reads `dropped N@since`. */
function queue(maxBytes: number): OverflowQueue<string> {
  return new OverflowQueue<string>({
    maxBytes,
    notice: ({ count, since }: DroppedLines) => ({
      item: `dropped ${count}@${since - T0}`,
      bytes: 1,
    }),
  });
}

type Step = readonly ['offer', string, number] | readonly ['take'];

/** Runs the steps; returns what each `take` gave and whether each offer was kept. */
function run(maxBytes: number, steps: readonly Step[]): (string[] | boolean)[] {
  const q = queue(maxBytes);
  let time = T0;
  return steps.map((step) => {
    if (step[0] === 'take') return q.take();
    const [, text, lines] = step;
    time += 1;
    return q.offer(lines, time, () => ({ item: text, bytes: text.length }));
  });
}

describe('OverflowQueue', () => {
  it.each<{ name: string; maxBytes: number; steps: Step[]; results: (string[] | boolean)[] }>([
    {
      name: 'keeps everything below the bound, in order',
      maxBytes: 10,
      steps: [['offer', 'ab', 1], ['offer', 'cd', 1], ['take']],
      results: [true, true, ['ab', 'cd']],
    },
    {
      name: 'keeps the item that reaches the bound, drops what comes after',
      maxBytes: 4,
      steps: [['offer', 'abc', 1], ['offer', 'def', 2], ['offer', 'g', 3], ['take']],
      results: [true, true, false, ['abc', 'def', 'dropped 3@3']],
    },
    {
      name: 'counts the lines of every dropped item, since the first one',
      maxBytes: 1,
      steps: [['offer', 'a', 1], ['offer', 'b', 10], ['offer', 'c', 5], ['take']],
      results: [true, false, false, ['a', 'dropped 15@2']],
    },
    {
      name: 'reports once, then counts afresh',
      maxBytes: 1,
      steps: [
        ['offer', 'a', 1],
        ['offer', 'b', 2],
        ['take'],
        ['offer', 'c', 1],
        ['offer', 'd', 7],
        ['take'],
        ['take'],
      ],
      results: [true, false, ['a', 'dropped 2@2'], true, false, ['c', 'dropped 7@4'], []],
    },
    {
      name: 'takes from an empty queue without a notice',
      maxBytes: 1,
      steps: [['take']],
      results: [[]],
    },
  ])('$name', ({ maxBytes, steps, results }) => {
    expect(run(maxBytes, steps)).toEqual(results);
  });

  it('never builds an item it drops', () => {
    const q = queue(1);
    q.offer(1, T0, () => ({ item: 'a', bytes: 1 }));
    let built = 0;
    q.offer(1, T0, () => ({ item: String(++built), bytes: 1 }));
    expect(built).toBe(0);
    expect(q.dropped).toEqual({ count: 1, since: T0 });
  });

  it('holds at most the bound plus one item, however much is offered', () => {
    const q = queue(1000);
    for (let i = 0; i < 100_000; i++)
      q.offer(1, T0 + i, () => ({ item: 'x'.repeat(64), bytes: 64 }));
    expect(q.bytes).toBeLessThan(1000 + 64);
    expect(q.dropped?.count).toBe(100_000 - q.length);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a bound of %s', (maxBytes) => {
    expect(() => queue(maxBytes)).toThrow(RangeError);
  });
});

describe('overflowMessage', () => {
  it.each<{ code: 'L10' | 'L11'; count: number; text: string }>([
    {
      code: 'L10',
      count: 500,
      text: 'Error L10 (output buffer overflow): 500 messages dropped since 2026-12-01T15:00:00.000000+00:00.',
    },
    {
      code: 'L11',
      count: 1101,
      text: 'Error L11 (Tail buffer overflow) -> This tail session dropped 1101 messages since 2026-12-01T15:00:00.000000+00:00.',
    },
  ])('$code reads as Heroku writes it', ({ code, count, text }) => {
    expect(overflowMessage(code, { count, since: T0 })).toBe(text);
  });
});
