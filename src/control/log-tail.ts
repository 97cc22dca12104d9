// LogTail: one `hdev logs --tail` session's stream of log lines over the control socket. A client
// that reads slower than the app logs (a paused pager on `hdev logs -t | less`) gets a bounded
// backlog, then loses lines: Logplex does the same to a tail session and tells it with error
// L11 (`This tail session dropped N messages since …`) once it reads again.
import type { LogBatch } from '../logs/log-batch.js';
import { LogBus } from '../logs/log-bus.js';
import { OVERFLOW_REPORTER, OverflowQueue, overflowMessage } from '../logs/overflow-queue.js';
import type { LogEntry } from './protocol.js';
import { encode } from './protocol.js';

type SocketEvent = 'drain' | 'error' | 'close';

/** The part of a `net.Socket` a tail writes to. */
export interface TailSocket {
  write(data: string): boolean;
  once(event: SocketEvent, listener: () => void): unknown;
  removeListener(event: SocketEvent, listener: () => void): unknown;
  readonly destroyed: boolean;
}

/** What a tail session holds for a client that is not reading, besides the socket's buffer. */
const MAX_TAIL_BACKLOG_BYTES = 4 * 1024 * 1024;

export function entriesOf(batch: LogBatch): LogEntry[] {
  return LogBus.splitLines(batch).map((line) => ({
    time: batch.time,
    source: batch.source,
    dyno: batch.dyno,
    line,
  }));
}

export class LogTail {
  readonly #queue: OverflowQueue<string>;
  #waiting = false;

  constructor(
    private readonly socket: TailSocket,
    private readonly id: number,
    options: { readonly maxBacklogBytes?: number; readonly now?: () => number } = {},
  ) {
    const now = options.now ?? Date.now;
    this.#queue = new OverflowQueue({
      maxBytes: options.maxBacklogBytes ?? MAX_TAIL_BACKLOG_BYTES,
      notice: (dropped) => {
        const text = this.#encode([
          {
            time: now(),
            source: 'heroku',
            dyno: OVERFLOW_REPORTER,
            line: overflowMessage('L11', dropped),
          },
        ]);
        return { item: text, bytes: text.length };
      },
    });
  }

  /** Sends `entries` (the history asked for) ahead of everything queued. */
  sendNow(entries: readonly LogEntry[]): void {
    if (entries.length === 0 || this.socket.destroyed) return;
    if (!this.socket.write(this.#encode(entries))) this.#waitForDrain();
  }

  /** Sends a batch's lines, or queues them while the client is behind, or drops them. */
  send(batch: LogBatch): void {
    if (this.socket.destroyed) return;
    // A dropped batch is never split or encoded.
    this.#queue.offer(batch.lineCount, batch.time, () => {
      const text = this.#encode(entriesOf(batch));
      return { item: text, bytes: text.length };
    });
    if (!this.#waiting) this.#write();
  }

  /** Resolves once every queued line is written, so a final reply cannot overtake them. */
  async flushed(): Promise<void> {
    // Bounded: each round waits for one drain, and a closed socket ends the wait.
    for (let round = 0; round < 10_000; round++) {
      if (this.socket.destroyed || (!this.#waiting && this.#queue.length === 0)) return;
      await new Promise<void>((resolve) => {
        const settle = (): void => {
          for (const event of ['drain', 'error', 'close'] as const)
            this.socket.removeListener(event, settle);
          // After the tail's own drain listener has written what was queued.
          setImmediate(resolve);
        };
        for (const event of ['drain', 'error', 'close'] as const) this.socket.once(event, settle);
      });
    }
  }

  #encode(entries: readonly LogEntry[]): string {
    return encode({ id: this.id, event: 'log', entries });
  }

  #write(): void {
    if (this.#queue.length === 0 || this.socket.destroyed) return;
    if (!this.socket.write(this.#queue.take().join(''))) this.#waitForDrain();
  }

  #waitForDrain(): void {
    if (this.#waiting) return;
    this.#waiting = true;
    const settle = (): void => {
      for (const event of ['drain', 'error', 'close'] as const) {
        this.socket.removeListener(event, settle);
      }
      this.#waiting = false;
      this.#write();
    };
    for (const event of ['drain', 'error', 'close'] as const) this.socket.once(event, settle);
  }
}
