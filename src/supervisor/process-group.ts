// Signalling a dyno's processes and waiting until they are all gone.
//
// A dyno is a process group (the shell hdev spawned leads it). Heroku sends SIGTERM "to all
// processes in the dyno", so hdev signals the group, not just its leader: killing only the
// direct child is how the peers leave servers running behind a dead shell.
import treeKill from 'tree-kill';
import type { Clock } from './clock.js';
import { delay } from './clock.js';
import { livingDescendants, livingGroupMembers, listProcesses } from './process-table.js';

/** Sends `signal` to every process in the group; false when the group is already empty. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group is alive (zombies, which have exited, do not count). */
export function groupIsAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0); // cheap: ESRCH means nobody is left, not even a zombie
  } catch {
    return false;
  }
  return livingGroupMembers(pgid).length > 0;
}

/**
 * Resolves true once the group is empty, false at the deadline or when `signal` aborts.
 *
 * This is the one poll in hdev: the kernel gives no event when the last member of a process
 * group exits (the leader's exit is awaited through its exit event before this is called).
 * Checks start at 5 ms and back off to 100 ms.
 */
export async function waitForGroupExit(
  pgid: number,
  clock: Clock,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const deadline = clock.now() + timeoutMs;
  for (let interval = 5; ; interval = Math.min(interval * 2, 100)) {
    if (!groupIsAlive(pgid)) return true;
    const remaining = deadline - clock.now();
    if (remaining <= 0 || signal?.aborted === true) return false;
    await delay(clock, Math.min(interval, remaining), signal);
  }
}

/**
 * SIGKILL for the whole dyno: the group, and descendants of the leader that moved to a group of
 * their own (a daemon calling setsid), found through tree-kill while the leader still lives.
 */
export function killDyno(pgid: number, leaderAlive: boolean): void {
  if (leaderAlive) treeKill(pgid, 'SIGKILL');
  signalGroup(pgid, 'SIGKILL');
}

/** Every live process of a dyno: the group's members and the leader's descendants. */
export function dynoProcesses(pgid: number): number[] {
  const table = listProcesses();
  return [...new Set([...livingGroupMembers(pgid, table), ...livingDescendants(pgid, table)])];
}

/** One process (a one-off dyno's command, which is not in a group of its own). */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** The process operations a dyno needs, as one seam: tests drive dynos without real processes. */
export interface ProcessControl {
  signalGroup(pgid: number, signal: NodeJS.Signals): boolean;
  signalProcess(pid: number, signal: NodeJS.Signals): boolean;
  groupIsAlive(pgid: number): boolean;
  waitForGroupExit(
    pgid: number,
    clock: Clock,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<boolean>;
  killDyno(pgid: number, leaderAlive: boolean): void;
  dynoProcesses(pgid: number): number[];
}

export const osProcessControl: ProcessControl = {
  signalGroup,
  signalProcess,
  groupIsAlive,
  waitForGroupExit,
  killDyno,
  dynoProcesses,
};
