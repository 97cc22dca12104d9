// Readiness from the kernel's listening table: Heroku counts a web dyno up once its process binds
// $PORT, and on Linux the kernel lists every bound, listening socket in /proc/net/tcp and tcp6.
// One read of those tables answers for every dyno booting at that moment, so 20 booting dynos
// cost one read per poll instead of 20 connection attempts, and a dyno is seen up within one
// poll of its listen() rather than at the next step of a probe back-off. Where the tables cannot
// be read (macOS, Windows, a /proc without net/) boot-watch.ts falls back to connection probes.
import type { Clock, TimerHandle } from '../time/clock.js';
import { accessSync, constants } from 'node:fs';
import { readListeningPorts } from './listening-ports.js';

/** How often the tables are read while a dyno boots: a read is tens of µs with few sockets. */
export const LISTEN_POLL_MS = 10;
/**
 * The kernel writes the tables out row by row, TIME_WAIT sockets included: after a load test
 * they hold thousands of rows and one read takes tens of milliseconds, far more than dialling
 * the PORT. A read slower than this sets the table aside for SET_ASIDE_MS; boots probe instead.
 */
const MAX_READ_MS = 2;
const SET_ASIDE_MS = 10_000;

/**
 * `listening`: something listens on the port. `timeout`: not yet. `unavailable`: the table cannot
 * be read, or costs more to read than probing does; the caller probes with connections instead.
 */
export type ListenWait = 'listening' | 'timeout' | 'unavailable';

/** Waits for ports to be listened on. */
export interface ListenTable {
  /** Resolves once `port` is listened on, or after `timeoutMs` or on abort (`timeout`). */
  waitForListen(port: number, timeoutMs: number, signal: AbortSignal): Promise<ListenWait>;
}

interface Waiter {
  readonly port: number;
  readonly settle: (outcome: ListenWait) => void;
}

/** Every waiter's port checked against one read of the tables per poll; no timer while idle. */
export class PolledListenTable implements ListenTable {
  readonly #clock: Clock;
  readonly #read: () => ReadonlySet<number> | undefined;
  readonly #pollMs: number;
  readonly #waiters = new Set<Waiter>();
  #timer: TimerHandle | undefined;
  #setAsideUntil = Number.NEGATIVE_INFINITY;

  constructor(
    clock: Clock,
    read: () => ReadonlySet<number> | undefined = () => readListeningPorts(),
    pollMs = LISTEN_POLL_MS,
  ) {
    this.#clock = clock;
    this.#read = read;
    this.#pollMs = pollMs;
  }

  waitForListen(port: number, timeoutMs: number, signal: AbortSignal): Promise<ListenWait> {
    if (this.#clock.now() < this.#setAsideUntil) return Promise.resolve('unavailable');
    if (signal.aborted) return Promise.resolve('timeout');
    return new Promise((resolve) => {
      const timeout = this.#clock.setTimeout(() => waiter.settle('timeout'), timeoutMs);
      const onAbort = (): void => waiter.settle('timeout');
      const waiter: Waiter = {
        port,
        settle: (outcome) => {
          if (!this.#waiters.delete(waiter)) return;
          timeout.cancel();
          signal.removeEventListener('abort', onAbort);
          if (this.#waiters.size === 0) this.#stop();
          resolve(outcome);
        },
      };
      this.#waiters.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#timer ??= this.#clock.setTimeout(() => this.#poll(), this.#pollMs);
    });
  }

  #poll(): void {
    this.#timer = undefined;
    const readAt = this.#clock.now();
    const ports = this.#read();
    const doneAt = this.#clock.now();
    const costly = doneAt - readAt > MAX_READ_MS;
    if (costly) this.#setAsideUntil = doneAt + SET_ASIDE_MS;
    for (const waiter of [...this.#waiters]) {
      if (ports?.has(waiter.port) === true) waiter.settle('listening');
      else if (ports === undefined || costly) waiter.settle('unavailable');
    }
    if (this.#waiters.size > 0)
      this.#timer = this.#clock.setTimeout(() => this.#poll(), this.#pollMs);
  }

  #stop(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }
}

function canRead(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

const shared = new WeakMap<Clock, ListenTable>();
/** Whether the tables can be read here: found out once, on the first boot. */
let readable: boolean | undefined;

/** The table of this machine's kernel, shared by every boot on `clock`; undefined off Linux. */
export function kernelListenTable(clock: Clock): ListenTable | undefined {
  // Whether the file opens, not a read of it: a read can cost tens of milliseconds.
  readable ??= process.platform === 'linux' && canRead('/proc/net/tcp');
  if (!readable) return undefined;
  let table = shared.get(clock);
  if (table === undefined) {
    table = new PolledListenTable(clock);
    shared.set(clock, table);
  }
  return table;
}
