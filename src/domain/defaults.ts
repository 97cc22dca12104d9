// The values hdev uses when the user gives none: Heroku's own where Heroku has one. The CLI's
// option defaults and the code that applies them both read them from here.
import { groupThousands } from './number-format.js';

/** R10: a web dyno has 60 seconds to bind $PORT after launch. */
export const HEROKU_BOOT_TIMEOUT_MS = 60_000;

/** R12: 30 seconds between SIGTERM and SIGKILL when a dyno stops. */
export const HEROKU_STOP_TIMEOUT_MS = 30_000;

/**
 * Heroku's router: H12 after 30 s without the start of a response, H15 after 55 s without data,
 * H20 after 75 s waiting for a web dyno to boot.
 */
export const HEROKU_ROUTER_TIMINGS = {
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 55_000,
  bootWaitMs: 75_000,
} as const;

/** The router listens on loopback only unless told otherwise (`--host`). */
export const DEFAULT_ROUTER_HOST = '127.0.0.1';

/** Log lines kept for `hdev logs`, as Heroku's Logplex keeps 1,500. */
export const LOG_HISTORY_LINES = 1500;

/** "1,500", for help and hints (every hdev command defines `hdev logs`). */
export const LOG_HISTORY_LINES_TEXT = groupThousands(LOG_HISTORY_LINES);

/** `hdev logs` without -n, as `heroku logs`. */
export const DEFAULT_LOG_LINES = 100;

/** `hdev doctor`'s time budget for its scratch run. */
export const DEFAULT_DOCTOR_BUDGET_MS = 90_000;

/** Slugs kept besides the current release's: the releases `hdev releases:rollback` can name. */
export const DEFAULT_KEEP_SLUGS = 5;
