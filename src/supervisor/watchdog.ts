// Dynos die with hdev, even when hdev is killed with SIGKILL and runs no exit handler.
//
// A small detached process (the watchdog, a POSIX sh script: see watchdog-script.ts) reads a pipe
// from hdev: hdev writes each dyno's process group id when it is created (`+PGID START`, START
// being the group leader's start time) and when it is gone (`-PGID`). After a clean shutdown hdev
// ends the watchdog itself. When the pipe closes (hdev is gone: the kernel closes its end, even
// on kill -9), the watchdog sends SIGTERM to every registered group that is still the run's and
// every process carrying the run's marker, waits the grace period, SIGKILLs what is left, and
// exits. It lives in its own session, so the terminal's Ctrl-C and hang-up reach hdev, not it.
import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { processStartTime } from '../control/owner-record.js';
import { WATCHDOG_SCRIPT } from './watchdog-script.js';

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
}

/** Its argv[0]: what `ps` and /proc/PID/cmdline show first. */
export const WATCHDOG_NAME = 'hdev-watchdog';

/** The shell that runs it: POSIX sh, wherever hdev runs. */
const WATCHDOG_SHELL = '/bin/sh';

/** A needle as a basic regular expression for `grep -z`: it starts an environment entry. */
export function markerPattern(needle: string): string {
  return `^${needle.replace(/[\\.[\]*^$]/g, '\\$&')}`;
}

/**
 * A group's registration. The leader's start time tells the group from a later process that
 * got its pid; off Linux there is none, and the watchdog signals the group as registered.
 */
export function registrationLine(pgid: number, leaderStart: string | undefined): string {
  return leaderStart === undefined ? `+${pgid}` : `+${pgid} ${leaderStart}`;
}

/** The watchdog's command line: `sh -c SCRIPT hdev-watchdog PATTERN GRACE_MS`. */
export function watchdogArgs(settings: WatchdogSettings): string[] {
  return [
    '-c',
    WATCHDOG_SCRIPT,
    WATCHDOG_NAME,
    markerPattern(settings.needle),
    String(Math.max(0, Math.round(settings.graceMs))),
  ];
}

/**
 * Its environment: only what its grep and sleep need (it carries no dyno's marker). SHLVL: bash
 * as /bin/sh, its stdin a socket (Node's pipes are), would take itself for a shell run by rshd
 * and source ~/.bashrc, unless it is a nested shell.
 */
export function watchdogEnv(path = process.env.PATH): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LC_ALL: 'C', SHLVL: '1' };
  if (path !== undefined) env.PATH = path;
  return env;
}

function spawnWatchdog(settings: WatchdogSettings): ChildProcessByStdio<Writable, null, null> {
  const child = spawn(WATCHDOG_SHELL, watchdogArgs(settings), {
    argv0: WATCHDOG_NAME,
    detached: true,
    // Not the terminal nor hdev's stdout: a pipe reading hdev's output must end with hdev.
    stdio: ['pipe', 'ignore', 'ignore'],
    env: watchdogEnv(),
  });
  child.on('error', () => undefined); // no watchdog: hdev's own exit handlers still apply
  child.unref();
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
  /** Lines made when they go out: a registration reads its leader's start time then. */
  const queued: (() => string)[] = [];
  const spawnNow = (): void => {
    if (released) return;
    child = spawnWatchdog(settings);
    child.stdin.write(
      `${queued
        .splice(0)
        .map((line) => line())
        .join('\n')}\n`,
    );
  };
  const send = (line: () => string): void => {
    if (released) return;
    if (child !== undefined) {
      if (child.stdin.writable) child.stdin.write(`${line()}\n`);
      return;
    }
    if (queued.length === 0) setImmediate(spawnNow);
    queued.push(line);
  };
  return {
    get pid() {
      return child?.pid;
    },
    // The first batch's start times are read a turn after its spawns: read right after its
    // spawn, a leader still exec'ing makes /proc wait (0.7 ms a dyno, against 0.15 ms a turn
    // later). Its pid stays its own until hdev reaps it; one reaped by then reads as unknown.
    add: (pgid) => send(() => registrationLine(pgid, processStartTime(pgid))),
    remove: (pgid) => send(() => `-${pgid}`),
    release: () => {
      released = true;
      // Ended at once and synchronously: it is still hdev's child, and nothing may outlive hdev.
      if (child !== undefined && child.exitCode === null && child.signalCode === null)
        child.kill('SIGKILL');
    },
  };
}
