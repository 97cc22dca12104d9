import { describe, expect, it, vi } from 'vitest';
import type { LogBatch } from '../../../src/logs/log-batch.js';
import { DYNO_PALETTE } from '../../../src/ui/dyno-colors.js';
import { DECODED_CACHE_LINES, LogStore } from '../../../src/ui/log-store.js';
import { lineMatcher } from '../../../src/ui/log-window.js';
import { T0, batchOf } from '../../helpers/fake-engine.js';

/** Every line the store holds, oldest first. */
function texts(store: LogStore): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (let seq = store.firstSeq; seq < store.endSeq; seq++) out.push(store.at(seq)?.text);
  return out;
}

/** Counts how often the batch's data is decoded. */
function watched(batch: LogBatch): { batch: LogBatch; decodes: () => number } {
  const spy = vi.spyOn(batch.data, 'toString');
  return { batch, decodes: () => spy.mock.calls.length };
}

describe('LogStore', () => {
  it.each<[string, readonly string[], number, readonly string[]]>([
    ['one line', ['a'], 100, ['a']],
    ['several lines', ['a', 'b', 'c'], 100, ['a', 'b', 'c']],
    ['more lines than kept', ['a', 'b', 'c', 'd'], 2, ['c', 'd']],
    ['exactly as many as kept', ['a', 'b'], 2, ['a', 'b']],
    ['empty lines', ['', 'x', ''], 100, ['', 'x', '']],
    ['empty lines in the tail', ['a', '', ''], 2, ['', '']],
  ])('reads a batch’s lines: %s', (_name, lines, capacity, expected) => {
    const store = new LogStore(capacity);
    store.append(batchOf('web.1', lines));
    expect(texts(store)).toEqual(expected);
  });

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
    expect(store.size).toBe(100);
    expect(store.at(store.endSeq - 1)?.text).toBe('49:999');
    expect(store.at(store.firstSeq)?.text).toBe('49:900');
  });

  it('holds the scrollback plus less than one batch, with lines across batches in order', () => {
    const store = new LogStore(100);
    for (let i = 0; i < 1000; i++) {
      store.append(batchOf(i % 2 === 0 ? 'web.1' : 'web.2', [`${i}a`, `${i}b`, `${i}c`]));
    }
    // 34 batches hold 102 lines: the oldest of them is only partly in the scrollback.
    expect(store.batchCount).toBe(34);
    expect(store.firstSeq).toBe(2900);
    expect(store.endSeq).toBe(3000);
    expect(texts(store).slice(0, 4)).toEqual(['966c', '967a', '967b', '967c']);
    expect(store.at(2999)).toEqual({ time: T0, source: 'app', dyno: 'web.2', text: '999c' });
  });

  it('holds a bounded number of bytes however long the lines are', () => {
    const store = new LogStore(10_000, 1024 * 1024);
    const long = 'z'.repeat(9_999);
    for (let i = 0; i < 1000; i++) store.append(batchOf('web.1', [`${i}${long}`.slice(0, 10_000)]));
    expect(store.heldBytes).toBeLessThanOrEqual(1024 * 1024 + 10_001);
    expect(store.heldBytes).toBeGreaterThan(1024 * 1024 - 10_001);
    expect(store.endSeq).toBe(1000);
    expect(store.size).toBe(store.batchCount);
    expect(store.at(store.firstSeq)?.text).toMatch(new RegExp(`^${store.firstSeq}z`));
    expect(store.at(store.firstSeq - 1)).toBeUndefined();
    expect(texts(store)).toHaveLength(store.size);
  });

  it('has no line before the scrollback or after the newest', () => {
    const store = new LogStore(2);
    store.append(batchOf('web.1', ['a', 'b', 'c']));
    expect([store.at(0), store.at(3), store.at(1.5)]).toEqual([undefined, undefined, undefined]);
  });

  it('ignores a batch without lines, but still gives its dyno a colour', () => {
    const store = new LogStore();
    store.append({ time: T0, source: 'app', dyno: 'web.1', data: Buffer.alloc(0), lineCount: 0 });
    expect([store.endSeq, store.batchCount]).toEqual([0, 0]);
    expect(store.colors.colorOf('web.2')).toBe(DYNO_PALETTE[1]);
  });

  it('carries the batch time, source and dyno onto each line', () => {
    const store = new LogStore();
    store.append(batchOf('web.2', ['up'], 'heroku', T0 + 5));
    expect(store.at(0)).toEqual({ time: T0 + 5, source: 'heroku', dyno: 'web.2', text: 'up' });
  });

  it('decodes invalid UTF-8 to a visible placeholder', () => {
    const store = new LogStore();
    store.append(batchOf('web.1', [Buffer.from([0x61, 0xff, 0x62])]));
    expect(store.at(0)?.text).toBe('a\uFFFDb');
  });

  it('sanitizes and cuts each line, as the pane shows it', () => {
    const store = new LogStore();
    store.append(batchOf('web.1', ['\x1b[31mred\x1b[0m', 'x'.repeat(100_000), '\x1b[2Jok']));
    expect(store.at(0)?.text).toBe('red');
    expect(store.at(1)?.text).toMatch(/^x+ … \[cut: 100000 characters\]$/);
    expect(store.at(2)?.text).toBe('ok');
  });

  it('reads a batch that does not end in a newline', () => {
    const store = new LogStore();
    store.append({
      time: T0,
      source: 'app',
      dyno: 'web.1',
      data: Buffer.from('a\nb'),
      lineCount: 2,
    });
    expect(texts(store)).toEqual(['a', 'b']);
  });

  it('decodes nothing as batches arrive, then only the lines read, once each', () => {
    const store = new LogStore();
    const { batch, decodes } = watched(batchOf('web.1', ['a', 'b', 'c', 'd']));
    store.append(batch);
    expect(decodes()).toBe(0);
    const first = store.at(3);
    expect(store.at(3)).toBe(first);
    expect(store.at(2)?.text).toBe('c');
    expect(decodes()).toBe(2);
  });

  it('keeps only the recently read lines decoded', () => {
    const store = new LogStore();
    const count = DECODED_CACHE_LINES + 10;
    const { batch, decodes } = watched(
      batchOf(
        'web.1',
        Array.from({ length: count }, (_, i) => String(i)),
      ),
    );
    store.append(batch);
    for (let seq = 0; seq < count; seq++) store.at(seq);
    store.at(count - 1);
    expect(decodes()).toBe(count);
    store.at(0);
    expect(decodes()).toBe(count + 1);
  });

  it('gives dynos colours in the order they first log, as the plain printer does', () => {
    const store = new LogStore();
    for (const name of ['web.1', 'worker.1', 'web.1', 'router']) store.append(batchOf(name, ['x']));
    expect(['web.1', 'worker.1', 'router'].map((name) => store.colors.colorOf(name))).toEqual(
      DYNO_PALETTE.slice(0, 3),
    );
  });

  it.each<[string, number, 1 | -1, number | undefined]>([
    ['the newest', 6, -1, 5],
    ['older, across batches', 3, -1, 2],
    ['newer', 0, 1, 1],
    ['forward from before the scrollback', -10, 1, 0],
    ['back from past the end', 100, -1, 5],
    ['nothing after the newest', 5, 1, undefined],
    ['nothing before the oldest', 0, -1, undefined],
  ])('finds the next line: %s', (_name, from, direction, expected) => {
    const store = new LogStore();
    store.append(batchOf('web.1', ['0', '1', '2']));
    store.append(batchOf('web.2', ['3', '4', '5']));
    expect(store.nextMatch(from, direction, lineMatcher({ dyno: undefined, search: '' }))).toBe(
      expected,
    );
  });

  it('filters by dyno without decoding other dynos’ lines', () => {
    const store = new LogStore();
    const web1 = watched(batchOf('web.1', ['a', 'b']));
    const web2 = watched(batchOf('web.2', ['c', 'd']));
    store.append(web1.batch);
    store.append(web2.batch);
    const matcher = lineMatcher({ dyno: 'web.1', search: '' });
    expect(store.nextMatch(store.endSeq, -1, matcher)).toBe(1);
    expect(store.nextMatch(1, 1, matcher)).toBe(undefined);
    expect([web1.decodes(), web2.decodes()]).toEqual([0, 0]);
  });

  it('decodes each line at most once per search, and again for a new one', () => {
    const store = new LogStore();
    const { batch, decodes } = watched(batchOf('web.1', ['error 1', 'ok', 'ok', 'Error 2', 'ok']));
    store.append(batch);
    const errors = lineMatcher({ dyno: undefined, search: 'err' });
    const found = (): number[] => {
      const out: number[] = [];
      for (let seq = store.nextMatch(store.endSeq, -1, errors); seq !== undefined;) {
        out.push(seq);
        seq = store.nextMatch(seq, -1, errors);
      }
      return out;
    };
    expect(found()).toEqual([3, 0]);
    expect(decodes()).toBe(5);
    // A match is kept decoded for the pane to show.
    expect(store.at(3)?.text).toBe('Error 2');
    expect(decodes()).toBe(5);
    // The same search again (as every frame asks): from what it learnt, even with a new matcher.
    expect(found()).toEqual([3, 0]);
    expect(store.nextMatch(-1, 1, lineMatcher({ dyno: undefined, search: 'err' }))).toBe(0);
    expect(decodes()).toBe(5);
    expect(store.nextMatch(store.endSeq, -1, lineMatcher({ dyno: undefined, search: 'ok' }))).toBe(
      4,
    );
    expect(decodes()).toBe(6);
  });

  it('rejects a capacity that is not a whole number above 0', () => {
    expect(() => new LogStore(0)).toThrow(RangeError);
    expect(() => new LogStore(1.5)).toThrow(RangeError);
  });
});
