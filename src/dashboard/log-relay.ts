// One browser's live log: the engine's batches, filtered as `hdev logs` filters them, sent a few
// times a second. A log flood must not grow hdev's memory or freeze the page: what waits to be
// sent is bounded in lines, a flush sends only the newest lines (and says how many it skipped),
// and nothing is sent while the browser has not taken the last messages.
import { historyEntries, matchesFilter } from '../control/server.js';
import type { LogEntry, LogFilter } from '../control/protocol.js';
import type { LogBatch } from '../logs/log-batch.js';
import { LogBus } from '../logs/log-bus.js';
import { sanitizeLine } from '../ui/sanitize-line.js';

/** What the page asks for: the filters of `hdev logs`, and how much history to start with. */
export interface LogRequest {
  readonly filter: LogFilter;
  readonly lines: number;
}

/** `[time, source, dyno, line]`: compact, since a flood sends hundreds per message. */
export type WireEntry = readonly [number, string, string, string];

export interface LogMessage {
  readonly kind: 'logs';
  /** True for the first message after a (re)subscription: the page replaces what it shows. */
  readonly reset: boolean;
  readonly entries: readonly WireEntry[];
  /** Lines left out since the last message, to keep up with a flood. */
  readonly skipped: number;
}

export interface LogRelayLimits {
  /** Lines held for a browser between flushes (or while it is slow); older ones are skipped. */
  readonly maxPendingLines: number;
  /** Lines in one message; a flood sends the newest ones. */
  readonly maxLinesPerMessage: number;
}

export const DEFAULT_LOG_LIMITS: LogRelayLimits = {
  maxPendingLines: 2_000,
  maxLinesPerMessage: 500,
};

/** The longest history a page can ask for: what the log bus keeps (Logplex's 1,500 lines). */
export const MAX_HISTORY_LINES = 1_500;

const toWire = (entry: LogEntry): WireEntry => [
  entry.time,
  entry.source,
  entry.dyno,
  sanitizeLine(entry.line),
];

export class LogRelay {
  #filter: LogFilter = {};
  #pending: LogBatch[] = [];
  #pendingLines = 0;
  #skipped = 0;
  #reset: readonly WireEntry[] | undefined;

  constructor(private readonly limits: LogRelayLimits = DEFAULT_LOG_LIMITS) {}

  /** A new filter: the history that passes it replaces the page's lines at the next flush. */
  restart(request: LogRequest, history: readonly LogBatch[]): void {
    this.#filter = request.filter;
    this.#pending = [];
    this.#pendingLines = 0;
    this.#skipped = 0;
    const lines = Math.min(request.lines, MAX_HISTORY_LINES, this.limits.maxLinesPerMessage);
    this.#reset = historyEntries(history, request.filter, lines).map(toWire);
  }

  offer(batch: LogBatch): void {
    if (!matchesFilter(batch, this.#filter)) return;
    this.#pending.push(batch);
    this.#pendingLines += batch.lineCount;
    // Whole batches go; the newest batch always stays, however many lines it holds.
    for (let oldest = this.#pending[0]; oldest !== undefined && this.#pending.length > 1;) {
      if (this.#pendingLines - oldest.lineCount < this.limits.maxPendingLines) break;
      this.#pending.shift();
      this.#pendingLines -= oldest.lineCount;
      this.#skipped += oldest.lineCount;
      oldest = this.#pending[0];
    }
  }

  get pendingLines(): number {
    return this.#pendingLines;
  }

  /** The message to send now, or undefined when there is nothing new. */
  take(): LogMessage | undefined {
    if (this.#reset === undefined && this.#pending.length === 0) return undefined;
    const reset = this.#reset !== undefined;
    const budget = this.limits.maxLinesPerMessage;
    const picked: LogEntry[] = [];
    for (let index = this.#pending.length - 1; index >= 0 && picked.length < budget; index--) {
      const batch = this.#pending[index];
      if (batch === undefined) continue;
      const lines = LogBus.splitLines(batch);
      const keep = lines.slice(Math.max(0, lines.length - (budget - picked.length)));
      picked.unshift(
        ...keep.map((line) => ({ time: batch.time, source: batch.source, dyno: batch.dyno, line })),
      );
    }
    const skipped = this.#skipped + Math.max(0, this.#pendingLines - picked.length);
    const entries = [...(this.#reset ?? []), ...picked.map(toWire)];
    this.#reset = undefined;
    this.#pending = [];
    this.#pendingLines = 0;
    this.#skipped = 0;
    return { kind: 'logs', reset, entries, skipped };
  }
}
