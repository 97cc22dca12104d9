// Dynos die with hdev, even when hdev is killed with SIGKILL and runs no exit handler.
//
// A small detached process (the watchdog) reads a pipe from hdev: hdev writes each dyno's
// process group id when it is created (`+PGID`) and when it is gone (`-PGID`). After a clean
// shutdown hdev ends the watchdog itself. When the pipe closes (hdev is gone: the kernel closes
// its end), the watchdog sends SIGTERM to every registered group and every process carrying the
// run's marker, waits the grace period, SIGKILLs what is left, and exits. It lives in its own
// session, so the terminal's Ctrl-C and hang-up reach hdev, not it.
import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import { constants, setPriority } from 'node:os';
import type { Writable } from 'node:stream';
import type { ProcFs } from './dyno-marker.js';
import { scanMarkedProcesses } from './dyno-marker.js';

/** Where a dyno reports its process group while it exists. */
export interface GroupRegistry {
  add(pgid: number): void;
  remove(pgid: number): void;
}

export interface Watchdog extends GroupRegistry {
  readonly pid: number | undefined;
  /** hdev stopped every dyno itself: the watchdog ends without signalling anything. */
  release(): void;
}

export interface WatchdogSettings {
  /** Processes whose environment holds this belong to the run (see runNeedle). */
  readonly needle: string;
  readonly graceMs: number;
  readonly uid: number;
}

/** How often the watchdog checks whether everything it signalled has exited. */
const WATCHDOG_POLL_MS = 50;

/**
 * The watchdog's program. Runs in its own Node process (`node -e`), so it is self-contained:
 * everything it uses arrives as arguments.
 */
export function watchdogMain(
  settings: WatchdogSettings & { readonly pollMs: number },
  fs: ProcFs,
  scan: typeof scanMarkedProcesses,
): void {
  process.title = 'hdev-watchdog';
  // The watchdog is a program of its own, not hdev: it ends itself once its work is done.
  // eslint-disable-next-line no-restricted-properties
  const exit = (): void => process.exit(0);
  // The terminal's signals are for hdev; the watchdog must outlive it to do its job.
  process.on('SIGINT', () => undefined);
  process.on('SIGHUP', () => undefined);
  const groups = new Set<number>();
  let pending = '';
  const apply = (line: string): void => {
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) return;
    if (line.startsWith('+')) groups.add(pgid);
    if (line.startsWith('-')) groups.delete(pgid);
  };
  const signalAll = (signal: NodeJS.Signals | 0): boolean => {
    let alive = false;
    for (const pgid of groups) {
      try {
        process.kill(-pgid, signal);
        alive = true;
      } catch {
        groups.delete(pgid); // empty: nothing left to signal, and its id may be reused
      }
    }
    for (const pid of scan(settings.needle, fs, settings.uid)) {
      try {
        process.kill(pid, signal);
        alive = true;
      } catch {
        // exited since the scan
      }
    }
    return alive;
  };
  const reap = (): void => {
    if (!signalAll('SIGTERM')) exit();
    const deadline = Date.now() + settings.graceMs;
    const check = (): void => {
      if (Date.now() >= deadline) {
        signalAll('SIGKILL');
        exit();
      }
      if (!signalAll(0)) exit(); // signal 0: only asks who is alive
      setTimeout(check, settings.pollMs);
    };
    setTimeout(check, settings.pollMs);
  };
  process.stdin.setEncoding('latin1');
  process.stdin.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) apply(line);
  });
  process.stdin.on('end', reap);
  process.stdin.on('error', reap);
}

/** The `node -e` source: the scan and the program, with the settings as a JSON literal. */
export function watchdogSource(settings: WatchdogSettings): string {
  const args = JSON.stringify({ ...settings, pollMs: WATCHDOG_POLL_MS });
  return `const scan = ${scanMarkedProcesses.toString()};\n(${watchdogMain.toString()})(${args}, require('node:fs'), scan);\n`;
}

function spawnWatchdog(settings: WatchdogSettings): ChildProcessByStdio<Writable, null, null> {
  const child = spawn(process.execPath, ['-e', watchdogSource(settings)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  child.on('error', () => undefined); // no watchdog: hdev's own exit handlers still apply
  child.unref();
  if (child.pid !== undefined) {
    try {
      // Its Node start-up must not take CPU from the dynos booting beside it.
      setPriority(child.pid, constants.priority.PRIORITY_LOW);
    } catch {
      // not allowed here: it runs at hdev's priority
    }
  }
  child.stdin.on('error', () => undefined); // the watchdog was killed: nothing to tell it
  (child.stdin as { unref?: () => void }).unref?.(); // a net.Socket: never keeps hdev alive
  return child;
}

/**
 * The watchdog of one `hdev start`. It is spawned right after the first dyno group is reported
 * (once the formation's synchronous batch of spawns is done), so it never delays a dyno's
 * spawn; what is reported before goes to it then. It never keeps hdev alive.
 */
export function startWatchdog(settings: WatchdogSettings): Watchdog {
  let child: ChildProcessByStdio<Writable, null, null> | undefined;
  let released = false;
  const queued: string[] = [];
  const spawnNow = (): void => {
    if (released) return;
    child = spawnWatchdog(settings);
    child.stdin.write(`${queued.splice(0).join('\n')}\n`);
  };
  const send = (line: string): void => {
    if (released) return;
    if (child !== undefined) {
      if (child.stdin.writable) child.stdin.write(`${line}\n`);
      return;
    }
    if (queued.length === 0) setImmediate(spawnNow);
    queued.push(line);
  };
  return {
    get pid() {
      return child?.pid;
    },
    add: (pgid) => send(`+${pgid}`),
    remove: (pgid) => send(`-${pgid}`),
    release: () => {
      released = true;
      // Ended at once and synchronously: it is still hdev's child, and nothing may outlive hdev.
      if (child !== undefined && child.exitCode === null && child.signalCode === null)
        child.kill('SIGKILL');
    },
  };
}
