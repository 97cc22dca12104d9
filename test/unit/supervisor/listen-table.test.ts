import { describe, expect, it } from 'vitest';
import type { ListenWait } from '../../../src/supervisor/listen-table.js';
import { PolledListenTable } from '../../../src/supervisor/listen-table.js';
import { parseListeningPorts } from '../../../src/supervisor/listening-ports.js';
import { FakeClock, flushMicrotasks } from '../../helpers/fake-clock.js';

const HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const row = (slot: number, local: string, remote: string, state: string): string =>
  `${String(slot).padStart(4)}: ${local} ${remote} ${state} 00000000:00000000 00:00000000 00000000  1000 0 4242 1 0000000000000000 100 0 0 10 0\n`;

describe('parseListeningPorts', () => {
  it('lists the local port of every listening row, IPv4 and IPv6, and nothing else', () => {
    const table =
      HEADER +
      row(0, '0100007F:138E', '00000000:0000', '0A') +
      row(1, '0100007F:138E', '0100007F:D431', '01') + // an established connection to it
      row(12345, '00000000:0BB8', '00000000:0000', '0A') +
      row(2, '0100007F:9C40', '0100007F:1F90', '06') + // TIME_WAIT
      row(
        3,
        '00000000000000000000000001000000:1F90',
        '00000000000000000000000000000000:0000',
        '0A',
      );
    expect(parseListeningPorts(table)).toEqual([5006, 3000, 8080]);
  });
});

describe('PolledListenTable', () => {
  function setup(initial: number[] = []) {
    const fake = new FakeClock();
    // Time a read takes shows on this clock only: the fake one moves when the test says.
    let spent = 0;
    const clock = {
      now: () => fake.now() + spent,
      setTimeout: (callback: () => void, ms: number) => fake.setTimeout(callback, ms),
      advance: (ms: number) => fake.advance(ms),
      get pendingTimers() {
        return fake.pendingTimers;
      },
    };
    let ports: Set<number> | undefined = new Set(initial);
    let reads = 0;
    let readMs = 0;
    const table = new PolledListenTable(
      clock,
      () => {
        reads++;
        spent += readMs;
        return ports;
      },
      10,
    );
    const outcome = (promise: Promise<ListenWait>): { value?: ListenWait } => {
      const box: { value?: ListenWait } = {};
      void promise.then((value) => (box.value = value));
      return box;
    };
    return {
      clock,
      table,
      outcome,
      reads: () => reads,
      listen: (port: number) => ports?.add(port),
      unreadable: () => (ports = undefined),
      readsTake: (ms: number) => (readMs = ms),
    };
  }

  it('one read per poll answers every waiter, and no timer is left once none waits', async () => {
    const { clock, table, outcome, reads, listen } = setup();
    const signal = new AbortController().signal;
    const web1 = outcome(table.waitForListen(5000, 1000, signal));
    const web2 = outcome(table.waitForListen(5100, 1000, signal));
    await clock.advance(30);
    expect(reads()).toBe(3);
    listen(5000);
    await clock.advance(10);
    await flushMicrotasks();
    expect(web1.value).toBe('listening');
    expect(web2.value).toBeUndefined();
    expect(reads()).toBe(4);
    listen(5100);
    await clock.advance(10);
    await flushMicrotasks();
    expect(web2.value).toBe('listening');
    await clock.advance(100);
    expect(reads()).toBe(5);
    expect(clock.pendingTimers).toBe(0);
  });

  it('timeout after the timeout and on abort; unavailable when the table cannot be read', async () => {
    const { clock, table, outcome, unreadable } = setup();
    const timedOut = outcome(table.waitForListen(5000, 25, new AbortController().signal));
    const abort = new AbortController();
    const aborted = outcome(table.waitForListen(5001, 1000, abort.signal));
    await clock.advance(30);
    abort.abort();
    await flushMicrotasks();
    expect(timedOut.value).toBe('timeout');
    expect(aborted.value).toBe('timeout');
    const gone = outcome(table.waitForListen(5002, 1000, new AbortController().signal));
    unreadable();
    await clock.advance(10);
    await flushMicrotasks();
    expect(gone.value).toBe('unavailable');
  });

  it('a read that takes milliseconds (thousands of TIME_WAIT rows) sets the table aside', async () => {
    const { clock, table, outcome, reads, readsTake, listen } = setup();
    const signal = new AbortController().signal;
    readsTake(40);
    listen(5000);
    const listed = outcome(table.waitForListen(5000, 1000, signal));
    const notYet = outcome(table.waitForListen(5001, 1000, signal));
    await clock.advance(10);
    await flushMicrotasks();
    // What the costly read found still counts; the others probe from now on.
    expect(listed.value).toBe('listening');
    expect(notYet.value).toBe('unavailable');
    readsTake(0);
    const later = outcome(table.waitForListen(5001, 1000, signal));
    await flushMicrotasks();
    expect(later.value).toBe('unavailable');
    expect(reads()).toBe(1);
    await clock.advance(10_000);
    const afterwards = outcome(table.waitForListen(5001, 1000, signal));
    await clock.advance(10);
    await flushMicrotasks();
    expect(afterwards.value).toBeUndefined();
    expect(reads()).toBe(2);
  });
});
