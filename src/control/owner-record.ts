// Who owns an app's control socket, readable without the owner answering: a suspended
// `hdev start` (Ctrl-Z) holds its socket but answers nothing, and a killed one answers nothing
// and owns nothing. The record sits next to the socket, in the same private directory.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { procStatFields, STAT_FIELD } from '../domain/proc-stat.js';

export interface OwnerRecord {
  readonly pid: number;
  /** /proc/PID/stat's start time (Linux): tells the owner from a later process with its pid. */
  readonly startTime: string | undefined;
  /** The run id in the environment of the run's dyno processes (see dyno-marker.ts). */
  readonly runId: string;
  readonly appRoot: string;
}

/** `…/0123abcd.sock` → `…/0123abcd.owner.json`. */
export function ownerRecordPath(socketPath: string): string {
  return `${socketPath.replace(/\.sock$/, '')}.owner.json`;
}

/** Field 22 of /proc/PID/stat (clock ticks after boot); undefined off Linux or once gone. */
export function processStartTime(pid: number): string | undefined {
  try {
    return procStatFields(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.[STAT_FIELD.startTicks];
  } catch {
    return undefined;
  }
}

/** Parses a record; undefined for anything else (a truncated or foreign file). */
export function parseOwnerRecord(text: string): OwnerRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, startTime, runId, appRoot } = value as Record<string, unknown>;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
  if (typeof runId !== 'string' || typeof appRoot !== 'string') return undefined;
  return {
    pid,
    startTime: typeof startTime === 'string' ? startTime : undefined,
    runId,
    appRoot,
  };
}

export function readOwnerRecord(path: string): OwnerRecord | undefined {
  try {
    return parseOwnerRecord(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a rename), readable only by this user. */
export function writeOwnerRecord(path: string, record: OwnerRecord): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** Removes the record if it is still `pid`'s (a later owner's record stays). */
export function removeOwnerRecord(path: string, pid: number): void {
  if (readOwnerRecord(path)?.pid !== pid) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * True while the recorded process still exists: signal 0 reaches it (EPERM: it exists, another
 * user's), and where /proc tells, it started when the recorded one did (not a reused pid).
 */
export function ownerIsAlive(record: OwnerRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const startTime = processStartTime(record.pid);
  return (
    record.startTime === undefined || startTime === undefined || startTime === record.startTime
  );
}

/** True when the process is stopped (Ctrl-Z, SIGSTOP), where /proc tells. */
export function processIsStopped(pid: number): boolean {
  try {
    const state = procStatFields(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.[STAT_FIELD.state];
    return state === 'T' || state === 't';
  } catch {
    return false;
  }
}
