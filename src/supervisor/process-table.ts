// Reads the machine's process table: which processes are alive in a process group, and which
// descend from a pid. Linux reads /proc; other systems ask `ps`.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { hasExited, procStatFields, STAT_FIELD } from '../domain/proc-stat.js';
import { readProcFile } from './proc-file.js';

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** A zombie has exited and only waits to be reaped: it counts as gone. */
  readonly zombie: boolean;
  /** CPU time used so far (user + system), in clock ticks; Linux only. */
  readonly cpuTicks?: number;
  /** Resident set size in pages; Linux only. */
  readonly rssPages?: number;
}

/** Parses one /proc/PID/stat line; the command name may hold spaces and parentheses. */
export function parseProcStat(stat: string): ProcessInfo | undefined {
  const fields = procStatFields(stat);
  if (fields === undefined) return undefined;
  const pid = Number.parseInt(stat, 10);
  const state = fields[STAT_FIELD.state];
  const ppid = fields[STAT_FIELD.ppid];
  const pgid = fields[STAT_FIELD.pgid];
  if (state === undefined || ppid === undefined || pgid === undefined) return undefined;
  const cpuTicks = Number(fields[STAT_FIELD.utime]) + Number(fields[STAT_FIELD.stime]);
  const rssPages = Number(fields[STAT_FIELD.rssPages]);
  return {
    pid,
    ppid: Number(ppid),
    pgid: Number(pgid),
    zombie: hasExited(state),
    ...(Number.isFinite(cpuTicks) ? { cpuTicks } : {}),
    ...(Number.isFinite(rssPages) ? { rssPages } : {}),
  };
}

function readProcFs(): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) > 57) continue; // not a digit: not a process
    try {
      const info = parseProcStat(readProcFile(`/proc/${entry}/stat`));
      if (info !== undefined) processes.push(info);
    } catch {
      // the process exited while we read the table
    }
  }
  return processes;
}

function readPs(): ProcessInfo[] {
  const output = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' });
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 4)
    .map(([pid, ppid, pgid, stat]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      pgid: Number(pgid),
      zombie: (stat ?? '').startsWith('Z'),
    }));
}

export function listProcesses(): ProcessInfo[] {
  return process.platform === 'linux' ? readProcFs() : readPs();
}

/**
 * Whether `pgid`'s leader is alive (not a zombie) and still leads it; false when that cannot be
 * told without reading every process (off Linux, or the leader has gone).
 */
export function leaderIsLive(pgid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const info = parseProcStat(readProcFile(`/proc/${pgid}/stat`));
    return info !== undefined && !info.zombie && info.pgid === pgid;
  } catch {
    return false; // gone
  }
}

/** Live (non-zombie) members of a process group. */
export function livingGroupMembers(
  pgid: number,
  table: readonly ProcessInfo[] = listProcesses(),
): number[] {
  return table.filter((info) => info.pgid === pgid && !info.zombie).map((info) => info.pid);
}

/** Live descendants of `pid` (children, grandchildren, …), wherever their process group is. */
export function livingDescendants(
  pid: number,
  table: readonly ProcessInfo[] = listProcesses(),
): number[] {
  const children = new Map<number, number[]>();
  for (const info of table) {
    const siblings = children.get(info.ppid) ?? [];
    siblings.push(info.pid);
    children.set(info.ppid, siblings);
  }
  const zombies = new Set(table.filter((info) => info.zombie).map((info) => info.pid));
  const found: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (!zombies.has(next)) found.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}
