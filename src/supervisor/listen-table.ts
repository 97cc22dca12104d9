// Readiness from the kernel's listening table: Heroku counts a web dyno up once its process binds
// $PORT, and on Linux the kernel lists every bound, listening socket in /proc/net/tcp and tcp6.
// One read of those tables answers for every dyno booting at that moment, so 20 booting dynos
// cost one read per poll instead of 20 connection attempts, and a dyno is seen up within one
// poll of its listen() rather than at the next step of a probe back-off. Where the tables cannot
// be read (macOS, Windows, a /proc without net/) boot-watch.ts falls back to connection probes.
import type { Clock, TimerHandle } from '../time/clock.js';
import { readListeningPorts } from './listening-ports.js';

/** How often the tables are read while a dyno boots: a read is tens of µs with few sockets. */
export const LISTEN_POLL_MS = 10;

/** Waits for ports to be listened on. */
export interface ListenTable {
  /**
   * Resolves true once something listens on `port`, false after `timeoutMs`, when `signal`
   * aborts, or when the table can no longer be read (the caller then probes instead).
   */
  waitForListen(port: number, timeoutMs: number, signal: AbortSignal): Promise<boolean>;
}

interface Waiter {
  readonly port: number;
  readonly settle: (listening: boolean) => void;
}

/** Every waiter's port checked against one read of the tables per poll; no timer while idle. */
export class PolledListenTable implements ListenTable {
  readonly #clock: Clock;
  readonly #read: () => ReadonlySet<number> | undefined;
  readonly #pollMs: number;
  readonly #waiters = new Set<Waiter>();
  #timer: TimerHandle | undefined;

  constructor(
    clock: Clock,
    read: () => ReadonlySet<number> | undefined = () => readListeningPorts(),
    pollMs = LISTEN_POLL_MS,
  ) {
    this.#clock = clock;
    this.#read = read;
    this.#pollMs = pollMs;
  }

  waitForListen(port: number, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timeout = this.#clock.setTimeout(() => waiter.settle(false), timeoutMs);
      const onAbort = (): void => waiter.settle(false);
      const waiter: Waiter = {
        port,
        settle: (listening) => {
          if (!this.#waiters.delete(waiter)) return;
          timeout.cancel();
          signal.removeEventListener('abort', onAbort);
          if (this.#waiters.size === 0) this.#stop();
          resolve(listening);
        },
      };
      this.#waiters.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#timer ??= this.#clock.setTimeout(() => this.#poll(), this.#pollMs);
    });
  }

  #poll(): void {
    this.#timer = undefined;
    const ports = this.#read();
    for (const waiter of [...this.#waiters]) {
      if (ports === undefined || ports.has(waiter.port)) waiter.settle(ports !== undefined);
    }
    if (this.#waiters.size > 0)
      this.#timer = this.#clock.setTimeout(() => this.#poll(), this.#pollMs);
  }

  #stop(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }
}

const shared = new WeakMap<Clock, ListenTable>();
/** Whether the tables can be read here: found out once, on the first boot. */
let readable: boolean | undefined;

/** The table of this machine's kernel, shared by every boot on `clock`; undefined off Linux. */
export function kernelListenTable(clock: Clock): ListenTable | undefined {
  readable ??= process.platform === 'linux' && readListeningPorts() !== undefined;
  if (!readable) return undefined;
  let table = shared.get(clock);
  if (table === undefined) {
    table = new PolledListenTable(clock);
    shared.set(clock, table);
  }
  return table;
}
