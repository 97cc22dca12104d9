import { describe, expect, it } from 'vitest';
import { LogRelay } from '../../../src/dashboard/log-relay.js';
import type { LogBatch } from '../../../src/logs/log-batch.js';

function batch(dyno: string, lines: string[], source: 'app' | 'heroku' = 'app'): LogBatch {
  return {
    time: 1,
    source,
    dyno,
    data: Buffer.from(lines.map((l) => `${l}\n`).join('')),
    lineCount: lines.length,
  };
}

describe('LogRelay', () => {
  it('starts with the filtered history, then sends what arrived since', () => {
    const relay = new LogRelay();
    relay.restart({ filter: { type: 'web' }, lines: 10 }, [
      batch('web.1', ['a']),
      batch('worker.1', ['b']),
    ]);
    expect(relay.take()).toEqual({
      kind: 'logs',
      reset: true,
      entries: [[1, 'app', 'web.1', 'a']],
      skipped: 0,
    });
    relay.offer(batch('worker.1', ['c']));
    relay.offer(batch('web.2', ['d', 'e']));
    expect(relay.take()?.entries).toEqual([
      [1, 'app', 'web.2', 'd'],
      [1, 'app', 'web.2', 'e'],
    ]);
    expect(relay.take()).toBeUndefined();
  });

  it('filters by dyno and source as hdev logs does', () => {
    const relay = new LogRelay();
    relay.restart({ filter: { dyno: 'router', source: 'heroku' }, lines: 0 }, []);
    relay.take();
    relay.offer(batch('router', ['at=info'], 'heroku'));
    relay.offer(batch('web.1', ['hello']));
    expect(relay.take()?.entries.map((entry) => entry[3])).toEqual(['at=info']);
  });

  it('stays bounded in a flood and says how many lines it skipped', () => {
    const relay = new LogRelay({ maxPendingLines: 100, maxLinesPerMessage: 30 });
    relay.restart({ filter: {}, lines: 0 }, []);
    relay.take();
    for (let index = 0; index < 10_000; index++) relay.offer(batch('web.1', [`line ${index}`]));
    expect(relay.pendingLines).toBeLessThanOrEqual(100);
    const message = relay.take();
    expect(message?.entries).toHaveLength(30);
    expect(message?.entries.at(-1)?.[3]).toBe('line 9999');
    expect(message?.skipped).toBe(10_000 - 30);
  });

  it('cleans terminal control sequences out of lines', () => {
    const relay = new LogRelay();
    relay.restart({ filter: {}, lines: 0 }, []);
    relay.take();
    relay.offer(batch('web.1', ['\x1b[31mred\x1b[0m\x1b]0;title\x07']));
    expect(relay.take()?.entries[0]?.[3]).toBe('red');
  });
});
