// CrashLog: the last lines of each dyno that crashed during `hdev start`, kept for the summary
// hdev leaves on the screen after the terminal UI (whose alternate screen takes the log with it).
// Heroku keeps no such record (`heroku logs` is the place to look); a local run ends with the
// terminal, so the lines that explain a crash are kept here.
import type { LogBatch } from '../logs/log-batch.js';
import { platformMessages } from '../domain/platform-messages.js';

/** How many of a crashed dyno's last lines the summary shows. */
export const CRASH_TAIL_LINES = 10;

/** A line longer than this is cut: the summary is a reminder, not the log. */
const MAX_LINE_CHARS = 500;

/** Dynos whose tail is tracked at once; a churn of one-off names must not grow it for ever. */
const MAX_TRACKED_DYNOS = 256;

export interface CrashReport {
  readonly dyno: string;
  /** How many times the dyno crashed during the run. */
  readonly crashes: number;
  /** Heroku's `Process exited with status N` for the last crash, when it was logged. */
  readonly exitLine: string | undefined;
  /** The dyno's own last lines (its app output) before the last crash, oldest first. */
  readonly lastLines: readonly string[];
}

const EXIT_PREFIX = platformMessages.processExited(0).replace(/0$/, '');
const EXIT_LINE = new RegExp(`^${EXIT_PREFIX}\\d+$`);
/** As bytes: Buffer.includes would encode a string on every call. */
const EXIT_PREFIX_BYTES = Buffer.from(EXIT_PREFIX);

/** The last `count` lines of a batch, decoding only those: a flood's batches are large. */
export function lastLinesOf(batch: LogBatch, count: number): string[] {
  const { data } = batch;
  const lines: string[] = [];
  let end = data.length;
  if (end > 0 && data[end - 1] === 0x0a) end--;
  while (lines.length < count && end > 0) {
    const start = data.lastIndexOf(0x0a, end - 1) + 1;
    lines.push(data.toString('utf8', start, Math.min(end, start + MAX_LINE_CHARS * 4)));
    end = start - 1;
  }
  return lines.reverse().map((line) => line.slice(0, MAX_LINE_CHARS));
}

interface Tail {
  lines: string[];
  exitLine: string | undefined;
}

export class CrashLog {
  readonly #tails = new Map<string, Tail>();
  readonly #crashes = new Map<string, CrashReport>();

  /** Every batch of the log bus, live. */
  record(batch: LogBatch): void {
    // Most platform lines are no exit (a router line per request): told apart on the bytes,
    // without decoding them or keeping a tail for the router.
    if (batch.source === 'heroku' && !batch.data.includes(EXIT_PREFIX_BYTES)) return;
    let tail = this.#tails.get(batch.dyno);
    if (tail === undefined) {
      if (this.#tails.size >= MAX_TRACKED_DYNOS) {
        const oldest = this.#tails.keys().next();
        if (oldest.done !== true) this.#tails.delete(oldest.value);
      }
      tail = { lines: [], exitLine: undefined };
      this.#tails.set(batch.dyno, tail);
    }
    const lines = lastLinesOf(batch, CRASH_TAIL_LINES);
    if (batch.source === 'heroku') {
      const exit = lines.findLast((line) => EXIT_LINE.test(line));
      if (exit !== undefined) tail.exitLine = exit;
      return;
    }
    tail.lines = [...tail.lines, ...lines].slice(-CRASH_TAIL_LINES);
  }

  /** The dyno entered `crashed`: its exit line is logged by then (src/supervisor/dyno.ts). */
  crashed(dyno: string): void {
    const tail = this.#tails.get(dyno);
    this.#crashes.set(dyno, {
      dyno,
      crashes: (this.#crashes.get(dyno)?.crashes ?? 0) + 1,
      exitLine: tail?.exitLine,
      lastLines: tail?.lines ?? [],
    });
    // A restart starts a new tail: its lines say nothing about this crash.
    this.#tails.delete(dyno);
  }

  /** A dyno left the formation: nothing more to keep for its next crash. */
  forget(dyno: string): void {
    this.#tails.delete(dyno);
  }

  reports(): readonly CrashReport[] {
    return [...this.#crashes.values()];
  }
}
