// LogTail: a `logs --tail` session keeps a bounded backlog for a client that stops reading, then
// drops lines and reports them with Heroku's L11.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { TailSocket } from '../../../src/control/log-tail.js';
import { LogTail } from '../../../src/control/log-tail.js';
import type { LogEntry } from '../../../src/control/protocol.js';
import type { LogBatch } from '../../../src/logs/log-batch.js';

const T0 = Date.UTC(2026, 11, 1, 15, 0, 0);

class FakeSocket extends EventEmitter implements TailSocket {
  readonly writes: string[] = [];
  accept = true;
  destroyed = false;

  write(data: string): boolean {
    this.writes.push(data);
    return this.accept;
  }

  /** Every log line written so far, in order. */
  lines(): string[] {
    return this.writes
      .join('')
      .split('\n')
      .filter((text) => text !== '')
      .flatMap((text) => (JSON.parse(text) as { entries: LogEntry[] }).entries)
      .map((entry) => `${entry.dyno}: ${entry.line}`);
  }
}

const batch = (text: string, time = T0): LogBatch => ({
  time,
  source: 'app',
  dyno: 'web.1',
  data: Buffer.from(`${text}\n`),
  lineCount: 1,
});

describe('LogTail', () => {
  it('sends every line to a client that keeps up', () => {
    const socket = new FakeSocket();
    const tail = new LogTail(socket, 7);
    tail.sendNow([{ time: T0, source: 'app', dyno: 'web.1', line: 'history' }]);
    tail.send(batch('a'));
    tail.send(batch('b'));
    expect(socket.lines()).toEqual(['web.1: history', 'web.1: a', 'web.1: b']);
  });

  it('holds a bounded backlog for a stalled client, then reports the rest with L11', () => {
    const socket = new FakeSocket();
    const tail = new LogTail(socket, 7, { maxBacklogBytes: 300, now: () => T0 + 9 });
    socket.accept = false;
    tail.send(batch('first'));
    for (let i = 0; i < 500; i++) tail.send(batch(`line ${i}`, T0 + 1 + i));
    expect(socket.writes).toHaveLength(1);
    socket.accept = true;
    socket.emit('drain');
    const lines = socket.lines();
    const kept = lines.filter((text) => text.startsWith('web.1: line ')).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(10);
    expect(lines.at(-1)).toBe(
      `logplex: Error L11 (Tail buffer overflow) -> This tail session dropped ${500 - kept} messages since ${new Date(T0 + 1 + kept).toISOString().slice(0, 19)}.${String((1 + kept) * 1000).padStart(6, '0')}+00:00.`,
    );
    tail.send(batch('after'));
    expect(socket.lines().at(-1)).toBe('web.1: after');
  });

  it('writes nothing to a socket that is gone', () => {
    const socket = new FakeSocket();
    socket.destroyed = true;
    new LogTail(socket, 1).send(batch('a'));
    expect(socket.writes).toEqual([]);
  });
});
