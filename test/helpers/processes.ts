// The orphan check: remember every process a test's hdev ever had below it, and after hdev has
// exited, assert that none of them is still alive.
import { readdirSync, readFileSync } from 'node:fs';

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  zombie: boolean;
}

function readTable(): ProcInfo[] {
  const table: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        pgid: Number(fields[2]),
        zombie: fields[0] === 'Z' || fields[0] === 'X',
      });
    } catch {
      // exited while reading
    }
  }
  return table;
}

/** Live descendants of `root` and live members of the process groups they lead. */
export function descendantsOf(root: number): number[] {
  const table = readTable();
  const found = new Set<number>();
  let frontier = [root];
  for (let depth = 0; depth < 50 && frontier.length > 0; depth++) {
    const next = table
      .filter((info) => frontier.includes(info.ppid) && !found.has(info.pid))
      .map((info) => info.pid);
    for (const pid of next) found.add(pid);
    frontier = next;
  }
  for (const info of table) if (found.has(info.pgid) && info.pgid !== root) found.add(info.pid);
  return [...found].filter((pid) => table.some((info) => info.pid === pid && !info.zombie));
}

export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Samples the process tree below `root` until stopped; `seen` holds every pid ever observed. */
export class DescendantTracker {
  readonly seen = new Set<number>();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly root: number) {
    this.sample();
    this.#timer = setInterval(() => this.sample(), 25);
  }

  sample(): void {
    for (const pid of descendantsOf(this.root)) this.seen.add(pid);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  survivors(): number[] {
    return [...this.seen].filter(isAlive);
  }

  /** Kills whatever survived (the test already failed if anything did), so nothing leaks. */
  killSurvivors(): void {
    for (const pid of this.survivors()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}
