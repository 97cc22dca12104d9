// PlainPrinter: one write per event-loop turn, and flush() waits for the stream to drain.
import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { LogBatch } from '../../../src/logs/log-batch.js';
import { LogBus } from '../../../src/logs/log-bus.js';
import type { PrinterOutput } from '../../../src/output/plain-printer.js';
import { PlainPrinter } from '../../../src/output/plain-printer.js';

/**
 * A stream that records each write and accepts or refuses it as the test says. Writes made while
 * it is corked are recorded as one, when it is uncorked: a socket sends them in one writev.
 */
class FakeStream extends EventEmitter implements PrinterOutput {
  readonly writes: string[] = [];
  accept = true;
  destroyed = false;
  #corked: string[] | undefined;

  write(data: Buffer): boolean {
    if (this.#corked === undefined) this.writes.push(data.toString());
    else this.#corked.push(data.toString());
    return this.accept;
  }

  cork(): void {
    this.#corked ??= [];
  }

  uncork(): void {
    if (this.#corked !== undefined && this.#corked.length > 0)
      this.writes.push(this.#corked.join(''));
    this.#corked = undefined;
  }
}

const line = (text: string, dyno = 'web.1'): LogBatch => ({
  time: 0,
  source: 'app',
  dyno,
  data: Buffer.from(`${text}\n`),
  lineCount: 1,
});

/** A formatter that shows which batch went where. */
const tag = (batch: LogBatch): Buffer => Buffer.from(`${batch.dyno}: ${batch.data.toString()}`);

function setup() {
  const out = new FakeStream();
  const bus = new LogBus();
  const printer = new PlainPrinter(out, tag);
  const detach = printer.attach(bus);
  return { out, bus, printer, detach };
}

/** Whether `promise` settles within a few turns of the event loop. */
async function settles(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  for (let i = 0; i < 3; i++) await nextTurn();
  return settled;
}

describe('PlainPrinter', () => {
  it('writes the batches of one turn with a single write', async () => {
    const { out, bus } = setup();
    bus.publish(line('a'));
    bus.publish(line('b', 'worker.1'));
    bus.publish(line('c'));
    expect(out.writes).toEqual([]);
    await nextTurn();
    expect(out.writes).toEqual(['web.1: a\nworker.1: b\nweb.1: c\n']);
    bus.publish(line('d'));
    await nextTurn();
    expect(out.writes).toEqual(['web.1: a\nworker.1: b\nweb.1: c\n', 'web.1: d\n']);
  });

  it('flush writes what is queued at once', async () => {
    const { out, bus, printer } = setup();
    bus.publish(line('a'));
    await printer.flush();
    expect(out.writes).toEqual(['web.1: a\n']);
    await nextTurn();
    expect(out.writes).toHaveLength(1);
  });

  it('flush waits for drain when the stream is full', async () => {
    const { out, bus, printer } = setup();
    out.accept = false;
    bus.publish(line('a'));
    const flushed = printer.flush();
    expect(out.writes).toEqual(['web.1: a\n']);
    expect(await settles(flushed)).toBe(false);
    out.accept = true;
    out.emit('drain');
    expect(await settles(flushed)).toBe(true);
    expect(out.listenerCount('drain') + out.listenerCount('close')).toBe(0);
    expect(out.listenerCount('error')).toBe(0);
  });

  it('holds batches while the stream is full and writes them together on drain', async () => {
    const { out, bus } = setup();
    out.accept = false;
    bus.publish(line('a'));
    await nextTurn();
    bus.publish(line('b'));
    await nextTurn();
    bus.publish(line('c'));
    await nextTurn();
    expect(out.writes).toEqual(['web.1: a\n']);
    out.accept = true;
    out.emit('drain');
    expect(out.writes).toEqual(['web.1: a\n', 'web.1: b\nweb.1: c\n']);
  });

  it.each(['close', 'error'])('stops waiting when the stream emits %s', async (event) => {
    const { out, bus, printer } = setup();
    out.accept = false;
    bus.publish(line('a'));
    const flushed = printer.flush();
    out.destroyed = true;
    out.emit(event, new Error('EPIPE'));
    expect(await settles(flushed)).toBe(true);
  });

  it('writes nothing to a destroyed stream', async () => {
    const { out, bus, printer } = setup();
    out.destroyed = true;
    bus.publish(line('a'));
    await printer.flush();
    expect(out.writes).toEqual([]);
  });

  it('stops printing once detached', async () => {
    const { out, bus, detach } = setup();
    detach();
    bus.publish(line('a'));
    await nextTurn();
    expect(out.writes).toEqual([]);
  });
});

describe('PlainPrinter: a stream that stops reading', () => {
  const T0 = Date.UTC(2026, 11, 1, 15, 0, 0);
  const heroku = (batch: LogBatch): Buffer =>
    Buffer.from(`${batch.source}[${batch.dyno}]: ${batch.data.toString()}`);

  it('holds a bounded backlog, drops the rest, and says how many with an L10 line', async () => {
    const out = new FakeStream();
    const bus = new LogBus(0);
    const printer = new PlainPrinter(out, heroku, { maxQueuedBytes: 100, now: () => T0 + 5 });
    printer.attach(bus);
    out.accept = false;
    bus.publish({ ...line('first'), time: T0 });
    await nextTurn();
    for (let i = 0; i < 1000; i++) bus.publish({ ...line(`line ${i}`), time: T0 + 1 });
    const held = out.writes.length;
    expect(held).toBe(1);
    out.accept = true;
    out.emit('drain');
    const resumed = out.writes.slice(1).join('');
    const kept = resumed.split('\n').filter((text) => text.startsWith('app[web.1]: line '));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(10);
    expect(resumed).toMatch(
      new RegExp(
        `heroku\\[logplex\\]: Error L10 \\(output buffer overflow\\): ${1000 - kept.length} messages dropped since 2026-12-01T15:00:00\\.001000\\+00:00\\.\\n$`,
      ),
    );
    bus.publish(line('after'));
    await printer.flush();
    expect(out.writes.at(-1)).toBe('app[web.1]: after\n');
  });

  it('drops nothing from a stream that keeps up, however much comes in one turn', async () => {
    const out = new FakeStream();
    const bus = new LogBus(0);
    const printer = new PlainPrinter(out, tag, { maxQueuedBytes: 1024 });
    printer.attach(bus);
    const big = 'y'.repeat(1000);
    for (let i = 0; i < 2000; i++) bus.publish(line(big));
    await printer.flush();
    const written = out.writes.join('');
    expect(written).not.toMatch(/L10/);
    expect(written.split('\n').filter((text) => text !== '')).toHaveLength(2000);
  });

  it('flush gives up on a stream that takes nothing for the stall bound', async () => {
    const { out, bus, printer } = setup();
    out.accept = false;
    bus.publish(line('a'));
    expect(await printer.flush(20)).toBe(false);
    expect(out.listenerCount('drain')).toBe(1); // a later drain still writes the rest
    out.accept = true;
    bus.publish(line('b'));
    out.emit('drain');
    expect(out.writes).toEqual(['web.1: a\n', 'web.1: b\n']);
    expect(await printer.flush(20)).toBe(true);
  });
});
