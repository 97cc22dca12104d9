// Which files the dynos hold open for writing. On Heroku a dyno's filesystem is its own and
// ephemeral: what a dyno writes is never a deploy, and is lost at the next restart. Under hdev a
// dyno writes into the developer's tree, so a file a dyno has open for writing when it changes is
// the dyno's doing, not an edit. Linux only (/proc); elsewhere nothing is known and the noise and
// loop rules are the only guards.
import { readdirSync, readlinkSync } from 'node:fs';
import { procStatFields, STAT_FIELD } from '../domain/proc-stat.js';
import { readProcFile } from '../supervisor/proc-file.js';
import { isWithin } from './app-boundary.js';

/** A dyno's process group: the dyno's shell leads it, and everything the dyno starts joins it. */
export interface DynoGroup {
  readonly dyno: string;
  readonly pgid: number;
}

/** Pure: the process group id in a /proc/PID/stat line (its 5th field, after the `(comm)`). */
export function pgidFromStat(stat: string): number | undefined {
  const pgid = Number(procStatFields(stat)?.[STAT_FIELD.pgid]);
  return Number.isInteger(pgid) && pgid > 0 ? pgid : undefined;
}

/** Pure: whether a /proc/PID/fdinfo/FD text shows a descriptor open for writing. */
export function writableFromFdinfo(fdinfo: string): boolean {
  const flags = /^flags:\s*([0-7]+)$/m.exec(fdinfo)?.[1];
  if (flags === undefined) return false;
  // O_ACCMODE: 1 is O_WRONLY, 2 is O_RDWR.
  const mode = Number.parseInt(flags, 8) & 0o3;
  return mode === 1 || mode === 2;
}

function read(path: string): string | undefined {
  try {
    return readProcFile(path);
  } catch {
    return undefined; // the process exited, or is not ours to read
  }
}

function list(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function processesOf(groups: readonly DynoGroup[]): Map<number, string> {
  const byGroup = new Map(groups.map((group) => [group.pgid, group.dyno]));
  const found = new Map<number, string>();
  for (const entry of list('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const pgid = byGroup.has(pid) ? pid : pgidFromStat(read(`/proc/${entry}/stat`) ?? '');
    const dyno = pgid === undefined ? undefined : byGroup.get(pgid);
    if (dyno !== undefined) found.set(pid, dyno);
  }
  return found;
}

/**
 * The files under `root` (a real path) that the dynos' processes have open for writing, by real
 * path, with the dyno holding each. Costs a walk of /proc: call it when a change arrives, not on a
 * timer.
 */
export function filesOpenForWriting(
  groups: readonly DynoGroup[],
  root: string,
): Map<string, string> {
  const files = new Map<string, string>();
  if (process.platform !== 'linux' || groups.length === 0) return files;
  for (const [pid, dyno] of processesOf(groups)) {
    for (const fd of list(`/proc/${pid}/fd`)) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (!target.startsWith('/') || files.has(target) || !isWithin(root, target)) continue;
      if (writableFromFdinfo(read(`/proc/${pid}/fdinfo/${fd}`) ?? '')) files.set(target, dyno);
    }
  }
  return files;
}
