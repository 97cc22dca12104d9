// Watches a booting web dyno until its PORT answers: Heroku counts a web dyno `up` once its
// process binds $PORT. It finds the address the PORT answers on (the router dials that one, so
// a server bound to ::1 only is reachable), and, where the kernel's tables can be read, says at
// once when the dyno listens on another port or on loopback only: both end in R10 on Heroku.
import { loopbackOnlyWarning, wrongPortNotice } from '../domain/bind-check.js';
import type { Clock } from '../time/clock.js';
import { delay } from '../time/clock.js';
import type { ListenTable } from './listen-table.js';
import { kernelListenTable } from './listen-table.js';
import type { ListeningSocket } from './listening-ports.js';
import { listeningSocketsOf } from './listening-ports.js';
import { acceptsConnections } from './port-probe.js';

export interface BootWatch {
  readonly dyno: string;
  readonly port: number;
  readonly bootTimeoutMs: number;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** The dyno's live processes now. */
  readonly pids: () => readonly number[];
  /** Tells the developer something about the boot (one line each, at most once per kind). */
  readonly note: (message: string) => void;
  /** The sockets `pids` listen on; undefined where that cannot be known. */
  readonly socketsOf?: (pids: readonly number[]) => ListeningSocket[] | undefined;
  /**
   * Where listening ports are listed (default: the kernel's, on Linux); null to probe with
   * connections only.
   */
  readonly listenTable?: ListenTable | null;
}

/** How often the dyno's own sockets are read while it boots: a wrong port shows within 1 s. */
const INSPECT_EVERY_MS = 250;

const LOOPBACKS = ['127.0.0.1', '::1'] as const;

/**
 * Probing without a table: every 10 ms for the first second (most apps boot within it, and a
 * refused dial on loopback costs microseconds; only the one that connects reaches the app), then
 * backing off to every 100 ms.
 */
const FIRST_PROBE_MS = 10;
const FAST_PROBING_MS = 1000;
const LAST_PROBE_MS = 100;

/**
 * Resolves with the address the dyno's PORT accepts connections on (127.0.0.1, ::1, or the
 * one address it bound), or undefined when `signal` aborts. With a listening table it dials
 * once the PORT is listed; without one it probes every 10 ms for a second, then backs off to
 * 100 ms: there is no event for another process's bind.
 */
export async function watchBoot(watch: BootWatch): Promise<string | undefined> {
  const socketsOf = watch.socketsOf ?? listeningSocketsOf;
  let table =
    watch.listenTable === undefined
      ? kernelListenTable(watch.clock)
      : (watch.listenTable ?? undefined);
  // A function, not the property: it changes while a probe is awaited.
  const aborted = (): boolean => watch.signal.aborted;
  // A process just spawned listens on nothing yet: the first look is one interval in.
  let inspectedAt = watch.clock.now();
  let inspectEveryMs = INSPECT_EVERY_MS;
  let toldWrongPort = false;
  const inspect = (): ListeningSocket[] | undefined => {
    inspectedAt = watch.clock.now();
    const sockets = socketsOf(watch.pids());
    // The same tables: when a read costs milliseconds, inspecting spends at most 5 % of a core.
    inspectEveryMs = Math.max(INSPECT_EVERY_MS, 20 * (watch.clock.now() - inspectedAt));
    return sockets;
  };
  /** Whether to dial: always without a table, else once it lists the PORT. */
  let listed = table === undefined;
  let interval = FIRST_PROBE_MS;
  const bootStartedAt = watch.clock.now();
  while (!aborted()) {
    if (listed) {
      for (const address of LOOPBACKS) {
        if (await acceptsConnections(watch.port, address)) {
          if (aborted()) return undefined;
          const warning = loopbackOnlyWarning(watch.dyno, watch.port, inspect() ?? []);
          if (warning !== undefined) watch.note(warning);
          return address;
        }
      }
    }
    if (watch.clock.now() - inspectedAt >= inspectEveryMs) {
      const sockets = inspect() ?? [];
      // Bound to one address that is not loopback (a LAN address): reachable there only.
      const elsewhere = sockets.find((socket) => socket.port === watch.port);
      if (elsewhere !== undefined && (await acceptsConnections(watch.port, elsewhere.address))) {
        return aborted() ? undefined : elsewhere.address;
      }
      const notice = wrongPortNotice(watch.dyno, watch.port, sockets, watch.bootTimeoutMs);
      if (notice !== undefined && !toldWrongPort) {
        toldWrongPort = true;
        watch.note(notice);
      }
    }
    if (table !== undefined && !listed) {
      const outcome = await table.waitForListen(watch.port, inspectEveryMs, watch.signal);
      if (outcome === 'unavailable') table = undefined;
      listed = outcome !== 'timeout';
    } else {
      // No table, or listed but not on loopback: dial again after a while.
      await delay(watch.clock, interval, watch.signal);
      if (watch.clock.now() - bootStartedAt >= FAST_PROBING_MS) {
        interval = Math.min(interval * 1.5, LAST_PROBE_MS);
      }
    }
  }
  return undefined;
}
