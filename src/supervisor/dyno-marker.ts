// Finding every process a dyno started, wherever it moved.
//
// A dyno is a process group, but a daemon that calls setsid leaves the group, and once its
// parent has exited it is no longer anybody's descendant either: signalling the group misses it,
// and it survives stop, restart and every crash. Environment variables are inherited across fork,
// setsid and exec, so hdev puts a marker unique to the dyno process in the dyno's environment
// and, when the dyno stops, looks for it in /proc/PID/environ of this user's processes.
//
// Limits: there is no /proc on macOS (only the process group and tree-kill apply there), and a
// process that clears its environment (`env -i`, a daemon that sanitises its environment before
// exec) carries no marker.
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { readProcFile } from './proc-file.js';
import { hasExited, procStatFields, STAT_FIELD } from '../domain/proc-stat.js';

/**
 * The variable every dyno process carries: `HDEV_DYNO_ID=<run id>.<dyno key>`. Its name starts
 * with HDEV_ so it stays out of the app's way; a config var of that name is overridden.
 */
export const DYNO_MARKER_VAR = 'HDEV_DYNO_ID';

/** Unique to one `hdev start`: the pid tells runs apart, the random part survives pid reuse. */
export function newRunId(pid = process.pid): string {
  return `${pid}-${randomBytes(6).toString('hex')}`;
}

/** The marker value of one dyno process (its key is unique within the run). */
export function dynoMarker(runId: string, dynoKey: string): string {
  return `${runId}.${dynoKey}`;
}

/** What to look for in an environ block: exactly one dyno's marker (the NUL ends the value). */
export function dynoNeedle(marker: string): string {
  return `${DYNO_MARKER_VAR}=${marker}\0`;
}

/** What to look for in an environ block: any dyno of a run. */
export function runNeedle(runId: string): string {
  return `${DYNO_MARKER_VAR}=${runId}.`;
}

/** The file system calls a scan needs: node:fs, or a fake /proc in tests. */
export interface ProcFs {
  readdirSync(path: string): string[];
  readFileSync(path: string, encoding: 'latin1'): string;
  statSync(path: string): { uid: number };
}

/** Field 22 of a /proc/PID/stat line: when the process started, in clock ticks after boot. */
export function statStartTicks(stat: string): number {
  return Number(procStatFields(stat)?.[STAT_FIELD.startTicks]);
}

/** Which marked processes a scan wants. */
export interface MarkedFilter {
  /**
   * Clock ticks after boot, as in /proc/PID/stat: a process that started earlier cannot be one
   * of the dyno's, and its environment is not read. On a desktop most processes are older than
   * hdev; reading every environment made a scan cost tens of milliseconds, during which the
   * router answered nobody.
   */
  readonly startedSince?: number;
  /** Only processes outside this process group (those that left the dyno's group). */
  readonly outsideGroup?: number;
}

/**
 * Live processes of user `uid` whose environment holds `needle`, filtered by `filter`.
 *
 * Processes come and go while /proc is read; one that exited, belongs to someone else (EACCES)
 * or is a zombie is skipped. The watchdog does the same scan in sh (watchdog-script.ts).
 */
export function scanMarkedProcesses(
  needle: string,
  fs: ProcFs,
  uid: number,
  filter: MarkedFilter = {},
): number[] {
  const found: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return found; // no /proc: not Linux
  }
  const wanted = `\0${needle}`;
  for (const entry of entries) {
    const first = entry.charCodeAt(0);
    if (first < 48 || first > 57) continue; // not a process
    const dir = `/proc/${entry}`;
    try {
      const fields = procStatFields(fs.readFileSync(`${dir}/stat`, 'latin1')) ?? [];
      if (hasExited(fields[STAT_FIELD.state])) continue;
      const { startedSince, outsideGroup } = filter;
      if (startedSince !== undefined && Number(fields[STAT_FIELD.startTicks]) < startedSince)
        continue;
      if (outsideGroup !== undefined && Number(fields[STAT_FIELD.pgid]) === outsideGroup) continue;
      if (fs.statSync(dir).uid !== uid) continue;
      if (`\0${fs.readFileSync(`${dir}/environ`, 'latin1')}`.includes(wanted)) {
        found.push(Number(entry));
      }
    } catch {
      // Exited while we looked, or not readable: not ours to signal.
    }
  }
  return found;
}

const nodeFs: ProcFs = { readdirSync, readFileSync: readProcFile, statSync };

let ownStart: number | undefined;
/** When this process started (clock ticks after boot): every process of its dynos is younger. */
export function ownStartTicks(): number {
  if (ownStart === undefined) {
    try {
      ownStart = statStartTicks(readProcFile('/proc/self/stat'));
    } catch {
      ownStart = 0; // no /proc: nothing to scan anyway
    }
    if (!Number.isFinite(ownStart)) ownStart = 0;
  }
  return ownStart;
}

/**
 * This user's live processes carrying `needle` (none off Linux, where there is no /proc).
 * For a dyno of this run, `filter.startedSince` is ownStartTicks().
 */
export function markedProcesses(needle: string, filter: MarkedFilter = {}): number[] {
  if (process.platform !== 'linux') return [];
  return scanMarkedProcesses(needle, nodeFs, process.getuid?.() ?? 0, filter).filter(
    (pid) => pid !== process.pid,
  );
}
