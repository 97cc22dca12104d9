// Signalling a dyno's processes and waiting until they are all gone.
//
// A dyno is a process group (the shell hdev spawned leads it). Heroku sends SIGTERM "to all
// processes in the dyno", so hdev signals the group, not just its leader: killing only the
// direct child is how the peers leave servers running behind a dead shell.
import treeKill from 'tree-kill';
import type { Clock } from '../time/clock.js';
import { delay } from '../time/clock.js';
import { dynoNeedle, markedProcesses, ownStartTicks } from './dyno-marker.js';
import {
  leaderIsLive,
  livingDescendants,
  livingGroupMembers,
  listProcesses,
} from './process-table.js';

/** A running dyno's processes: the group its shell leads, and the marker in their environment. */
export interface DynoIdentity {
  readonly pgid: number;
  /** See dyno-marker.ts: finds processes that left the group with setsid. */
  readonly marker: string;
}

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
  // While the leader itself runs, one file says so; every process's is read only once it is gone.
  return leaderIsLive(pgid) || livingGroupMembers(pgid).length > 0;
}

/** True while any of `pids` is alive (a process that left the group, not hdev's child). */
function anyAlive(pids: readonly number[]): boolean {
  return pids.some((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  });
}

/**
 * Processes of the dyno outside its group: they called setsid and carry the dyno's marker.
 * Scanned only when a dyno stops or dies, never continuously.
 */
export function escapedProcesses(dyno: DynoIdentity): number[] {
  // Members of the group got the group's signal already: a second SIGTERM means "hurry" to some.
  return markedProcesses(dynoNeedle(dyno.marker), {
    startedSince: ownStartTicks(),
    outsideGroup: dyno.pgid,
  });
}

/** SIGTERM (or another signal) to the group and to every marked process outside it. */
export function signalDyno(dyno: DynoIdentity, signal: NodeJS.Signals): number[] {
  signalGroup(dyno.pgid, signal);
  const escaped = escapedProcesses(dyno);
  for (const pid of escaped) signalProcess(pid, signal);
  return escaped;
}

/**
 * Resolves true once the group is empty and `escaped` have exited, false at the deadline or
 * when `signal` aborts.
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
  escaped: readonly number[] = [],
): Promise<boolean> {
  const deadline = clock.now() + timeoutMs;
  for (let interval = 5; ; interval = Math.min(interval * 2, 100)) {
    if (!groupIsAlive(pgid) && !anyAlive(escaped)) return true;
    const remaining = deadline - clock.now();
    if (remaining <= 0 || signal?.aborted === true) return false;
    await delay(clock, Math.min(interval, remaining), signal);
  }
}

/**
 * SIGKILL for the whole dyno: the group, descendants of the leader that moved to a group of
 * their own (a daemon calling setsid), found through tree-kill while the leader still lives,
 * and, found by the marker, those whose parent has exited too.
 */
export function killDyno(dyno: DynoIdentity, leaderAlive: boolean): void {
  if (leaderAlive) treeKill(dyno.pgid, 'SIGKILL');
  signalDyno(dyno, 'SIGKILL');
}

/**
 * Every live process of a dyno: the group's members, the leader's descendants and, unless only
 * the `tree` is asked for (cheap enough to ask often, as the boot watch does), the marked.
 */
export function dynoProcesses(dyno: DynoIdentity, scope: 'tree' | 'all' = 'all'): number[] {
  const table = listProcesses();
  return [
    ...new Set([
      ...livingGroupMembers(dyno.pgid, table),
      ...livingDescendants(dyno.pgid, table),
      ...(scope === 'all'
        ? markedProcesses(dynoNeedle(dyno.marker), { startedSince: ownStartTicks() })
        : []),
    ]),
  ];
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // exited since the scan
  }
}

/** The process operations a dyno needs, as one seam: tests drive dynos without real processes. */
export interface ProcessControl {
  signalGroup(pgid: number, signal: NodeJS.Signals): boolean;
  /** Signals the group and the dyno's marked processes outside it; returns the latter. */
  signalDyno(dyno: DynoIdentity, signal: NodeJS.Signals): number[];
  groupIsAlive(pgid: number): boolean;
  waitForGroupExit(
    pgid: number,
    clock: Clock,
    timeoutMs: number,
    signal?: AbortSignal,
    escaped?: readonly number[],
  ): Promise<boolean>;
  killDyno(dyno: DynoIdentity, leaderAlive: boolean): void;
  dynoProcesses(dyno: DynoIdentity, scope?: 'tree' | 'all'): number[];
}

export const osProcessControl: ProcessControl = {
  signalGroup,
  signalDyno,
  groupIsAlive,
  waitForGroupExit,
  killDyno,
  dynoProcesses,
};
