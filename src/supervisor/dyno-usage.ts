// CPU and memory of each dyno's whole process tree, as the UI's dyno table shows them (Heroku's
// log-runtime-metrics reports memory per dyno the same way: every process in the container).
import type { ProcessInfo } from './process-table.js';
import { listProcesses } from './process-table.js';

/** USER_HZ: the unit of /proc's CPU times, 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
/** The page size of x86-64 and most arm64 Linux kernels, the unit of /proc's rss field. */
const PAGE_BYTES = 4096;

export interface TreeTotals {
  readonly cpuTicks: number;
  readonly rssBytes: number;
}

export interface DynoUsage {
  /** Percent of one core since the previous sample; undefined on the first sample. */
  readonly cpuPercent: number | undefined;
  readonly memoryBytes: number;
}

/** Pure: the totals of a dyno's processes (its group's members and the leader's descendants). */
export function treeTotals(pgid: number, table: readonly ProcessInfo[]): TreeTotals | undefined {
  const children = new Map<number, ProcessInfo[]>();
  for (const info of table) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info]);
  const members = new Map<number, ProcessInfo>();
  for (const info of table) if (info.pgid === pgid) members.set(info.pid, info);
  const queue = [...(children.get(pgid) ?? [])];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    members.set(next.pid, next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  const living = [...members.values()].filter((info) => !info.zombie);
  if (living.length === 0 || living.some((info) => info.cpuTicks === undefined)) return undefined;
  return {
    cpuTicks: living.reduce((sum, info) => sum + (info.cpuTicks ?? 0), 0),
    rssBytes: living.reduce((sum, info) => sum + (info.rssPages ?? 0) * PAGE_BYTES, 0),
  };
}

/** Pure: usage from two samples of the same tree `elapsedMs` apart. */
export function usageBetween(
  previous: TreeTotals | undefined,
  current: TreeTotals,
  elapsedMs: number,
): DynoUsage {
  const cpuPercent =
    previous === undefined || elapsedMs <= 0
      ? undefined
      : Math.max(
          0,
          (((current.cpuTicks - previous.cpuTicks) / CLOCK_TICKS_PER_SECOND) * 100_000) / elapsedMs,
        );
  return { cpuPercent, memoryBytes: current.rssBytes };
}

/** Samples every dyno's tree from one read of the process table; remembers the last sample. */
export class UsageSampler {
  #previous = new Map<number, { totals: TreeTotals; at: number }>();

  constructor(private readonly readTable: () => ProcessInfo[] = listProcesses) {}

  sample(
    dynos: readonly { name: string; pid: number | undefined }[],
    now: number,
  ): Map<string, DynoUsage> {
    const table = this.readTable();
    const usage = new Map<string, DynoUsage>();
    const next = new Map<number, { totals: TreeTotals; at: number }>();
    for (const dyno of dynos) {
      if (dyno.pid === undefined) continue;
      const totals = treeTotals(dyno.pid, table);
      if (totals === undefined) continue;
      const before = this.#previous.get(dyno.pid);
      usage.set(dyno.name, usageBetween(before?.totals, totals, now - (before?.at ?? now)));
      next.set(dyno.pid, { totals, at: now });
    }
    this.#previous = next;
    return usage;
  }
}
