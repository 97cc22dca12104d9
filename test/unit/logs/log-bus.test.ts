// LogBus: fan-out, listener isolation, history retention by line count, platform batches.
import { describe, expect, it, vi } from 'vitest';
import type { LogBatch } from '../../../src/logs/log-batch.js';
import { LogBus, platformBatch } from '../../../src/logs/log-bus.js';

const TIME = Date.UTC(2026, 10, 23, 18, 0, 0);

function batch(lineCount: number, dyno = 'web.1'): LogBatch {
  const data = Buffer.from(Array.from({ length: lineCount }, (_, i) => `line ${i}\n`).join(''));
  return { time: TIME, source: 'app', dyno, data, lineCount };
}

const linesIn = (batches: readonly LogBatch[]): number =>
  batches.reduce((sum, each) => sum + each.lineCount, 0);

describe('LogBus', () => {
  it('delivers each batch to every listener, in order', () => {
    const bus = new LogBus();
    const seen: string[] = [];
    bus.subscribe((b) => seen.push(`first ${b.dyno}`));
    bus.subscribe((b) => seen.push(`second ${b.dyno}`));
    bus.publish(batch(1, 'web.1'));
    bus.publish(batch(1, 'worker.1'));
    expect(seen).toEqual(['first web.1', 'second web.1', 'first worker.1', 'second worker.1']);
  });

  it('keeps delivering to the others when a listener throws, and reports it', () => {
    const failure = new Error('listener broke');
    const onListenerError = vi.fn();
    const bus = new LogBus(1500, { onListenerError });
    const received: LogBatch[] = [];
    bus.subscribe(() => {
      throw failure;
    });
    bus.subscribe((b) => received.push(b));
    const published = batch(2);
    expect(() => {
      bus.publish(published);
    }).not.toThrow();
    expect(received).toEqual([published]);
    expect(onListenerError).toHaveBeenCalledExactlyOnceWith(failure, published);
  });

  it('ignores listener errors by default', () => {
    const bus = new LogBus();
    bus.subscribe(() => {
      throw new Error('ignored');
    });
    expect(() => {
      bus.publish(batch(1));
    }).not.toThrow();
  });

  it('stops delivering after unsubscribe, even mid-publish, without skipping others', () => {
    const bus = new LogBus();
    const seen: string[] = [];
    const stopFirst = bus.subscribe(() => {
      seen.push('first');
      stopFirst();
    });
    bus.subscribe(() => seen.push('second'));
    bus.publish(batch(1));
    bus.publish(batch(1));
    stopFirst();
    expect(seen).toEqual(['first', 'second', 'second']);
  });

  it('neither keeps nor delivers an empty batch', () => {
    const bus = new LogBus();
    const listener = vi.fn();
    bus.subscribe(listener);
    bus.publish(batch(0));
    expect(listener).not.toHaveBeenCalled();
    expect(bus.history()).toEqual([]);
  });

  it.each<[string, number[], number[]]>([
    ['exactly 1,500 single lines', Array<number>(1500).fill(1), Array<number>(1500).fill(1)],
    [
      '1,501 single lines drop the oldest',
      Array<number>(1501).fill(1),
      Array<number>(1500).fill(1),
    ],
    ['batches adding up to exactly 1,500', [1000, 500], [1000, 500]],
    ['one line more keeps the oldest batch: it is still needed', [1000, 500, 1], [1000, 500, 1]],
    ['a big batch drops what it makes unneeded', [1000, 500, 1, 1000], [500, 1, 1000]],
    ['one batch larger than the history is kept whole', [10, 3000], [3000]],
  ])('retains at least 1,500 lines: %s', (_name, published, retained) => {
    const bus = new LogBus();
    for (const count of published) bus.publish(batch(count));
    expect(bus.history().map((b) => b.lineCount)).toEqual(retained);
  });

  it('keeps the last 1,500 lines plus less than one batch', () => {
    const bus = new LogBus();
    for (let i = 0; i < 1000; i++) bus.publish(batch(7));
    const history = bus.history();
    expect(linesIn(history)).toBeGreaterThanOrEqual(1500);
    expect(linesIn(history) - (history[0]?.lineCount ?? 0)).toBeLessThan(1500);
  });

  it('returns a copy of the history', () => {
    const bus = new LogBus();
    bus.publish(batch(1));
    bus.history().pop();
    expect(bus.history()).toHaveLength(1);
  });

  it.each<[string, string, string[]]>([
    ['lines', 'a\nb\n', ['a', 'b']],
    ['empty lines', '\n\nc\n', ['', '', 'c']],
    ['UTF-8', 'café 😀\n', ['café 😀']],
  ])('splitLines: %s', (_name, text, expected) => {
    const data = Buffer.from(text);
    const lineCount = expected.length;
    expect(
      LogBus.splitLines({ time: TIME, source: 'app', dyno: 'web.1', data, lineCount }),
    ).toEqual(expected);
  });

  describe('platformBatch', () => {
    it('makes a one-line heroku batch', () => {
      const made = platformBatch('web.1', 'State changed from starting to up', TIME);
      expect(made).toEqual({
        time: TIME,
        source: 'heroku',
        dyno: 'web.1',
        data: Buffer.from('State changed from starting to up\n'),
        lineCount: 1,
      });
    });

    it('takes another source', () => {
      expect(platformBatch('api', 'Release v2 created', TIME, 'app').source).toBe('app');
    });

    it('keeps the message on one line', () => {
      const made = platformBatch('web.1', 'one\r\ntwo\nthree\rfour', TIME);
      expect(made.data.toString()).toBe('one two three four\n');
      expect(made.lineCount).toBe(1);
    });
  });
});

describe('LogBus.subscribeWithHistory', () => {
  const dynosOf = (batches: readonly LogBatch[]): string[] => batches.map((each) => each.dyno);

  it('returns what came before and delivers what comes after, each batch once', () => {
    const bus = new LogBus();
    bus.publish(batch(1, 'before.1'));
    const live: LogBatch[] = [];
    const subscription = bus.subscribeWithHistory((b) => live.push(b));
    bus.publish(batch(1, 'after.1'));
    expect(dynosOf(subscription.history)).toEqual(['before.1']);
    expect(dynosOf(live)).toEqual(['after.1']);
    subscription.unsubscribe();
    bus.publish(batch(1, 'gone.1'));
    expect(dynosOf(live)).toEqual(['after.1']);
  });

  it('sees a batch published while it subscribes (from another listener) exactly once', () => {
    const bus = new LogBus();
    const live: LogBatch[] = [];
    let subscription: { readonly history: readonly LogBatch[] } | undefined;
    // A consumer that starts while a batch is being delivered, as a view opened by a log line.
    const stop = bus.subscribe((b) => {
      if (b.dyno === 'between.1') subscription = bus.subscribeWithHistory((l) => live.push(l));
    });
    bus.publish(batch(1, 'first.1'));
    bus.publish(batch(1, 'between.1'));
    bus.publish(batch(1, 'last.1'));
    stop();
    const seen = [...dynosOf(subscription?.history ?? []), ...dynosOf(live)];
    expect(seen).toEqual(['first.1', 'between.1', 'last.1']);
  });
});
