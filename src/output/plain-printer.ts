// PlainPrinter: writes formatted log batches to a stream (a pipe, a file, CI's log), one write per
// event-loop turn, holding a bounded backlog while the stream is full (a paused `less`, a slow
// `tee`): past it, lines are dropped and counted, and an L10 line says so once the stream takes
// data again, as Heroku's Logplex does for a drain that falls behind.
import type { LogBatch } from '../logs/log-batch.js';
import { platformBatch, type LogBus } from '../logs/log-bus.js';
import { OVERFLOW_REPORTER, OverflowQueue, overflowMessage } from '../logs/overflow-queue.js';
import { settlesWithin, systemClock } from '../time/clock.js';

type StreamEvent = 'drain' | 'error' | 'close';

/** The part of a Node writable stream (such as `process.stdout`) the printer uses. */
export interface PrinterOutput {
  write(data: Buffer): boolean;
  cork(): void;
  uncork(): void;
  once(event: StreamEvent, listener: () => void): unknown;
  removeListener(event: StreamEvent, listener: () => void): unknown;
  readonly destroyed?: boolean;
}

export interface PrinterOptions {
  /** The backlog held while the stream is full; the stream's own buffer holds at most as much. */
  readonly maxQueuedBytes?: number;
  /** The time of an L10 line. */
  readonly now?: () => number;
}

/** 4 MiB: seconds of output for a terminal, a blink for a flood. hdev holds at most twice this. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

export class PlainPrinter {
  readonly #queue: OverflowQueue<Buffer>;
  #scheduled = false;
  /** Set while the stream's buffer is full; settles on 'drain', or when the stream is gone. */
  #drained: Promise<void> | undefined;

  constructor(
    private readonly out: PrinterOutput,
    private readonly format: (batch: LogBatch) => Buffer,
    options: PrinterOptions = {},
  ) {
    const now = options.now ?? Date.now;
    this.#queue = new OverflowQueue({
      maxBytes: options.maxQueuedBytes ?? MAX_QUEUED_BYTES,
      notice: (dropped) => {
        const line = platformBatch(OVERFLOW_REPORTER, overflowMessage('L10', dropped), now());
        const bytes = this.format(line);
        return { item: bytes, bytes: bytes.length };
      },
    });
  }

  /** Prints every batch published from now on; returns a function that stops it. */
  attach(bus: LogBus): () => void {
    return bus.subscribe((batch) => {
      this.#enqueue(batch);
    });
  }

  /**
   * Writes whatever is queued; resolves once the stream has taken it all in (true), or once it
   * has taken nothing for `stallMs` (false): a reader that stopped for good (a pager left open)
   * must not keep hdev from exiting.
   */
  async flush(stallMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    this.#write();
    while (this.#drained !== undefined) {
      if (!(await settlesWithin(systemClock, this.#drained, stallMs))) return false;
      this.#write();
    }
    return true;
  }

  // Dynos publish a batch per pipe read, often many in one turn of the event loop: writing them
  // with one concatenated write per turn costs one syscall instead of one per batch.
  #enqueue(batch: LogBatch): void {
    // A dropped batch is never formatted: a flood into a stalled pipe costs little CPU.
    this.#queue.offer(batch.lineCount, batch.time, () => {
      const bytes = this.format(batch);
      return { item: bytes, bytes: bytes.length };
    });
    if (this.#drained !== undefined) return; // 'drain' writes what is queued
    if (this.#queue.full) {
      this.#write(); // a busy turn must not drop what a stream that keeps up could take
      return;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#drained === undefined) this.#write();
    });
  }

  #write(): void {
    if (this.#queue.length === 0 || this.out.destroyed === true) return;
    const queue = this.#queue.take().filter((bytes) => bytes.length > 0);
    if (queue.length === 0) return;
    // Written as they are, not concatenated: a turn's output can be megabytes, and a buffer that
    // large is fresh memory each time, whose page faults cost more than the copy (15 % of hdev's
    // CPU under a log flood). Corked, a pipe or terminal gets them in one writev.
    this.out.cork();
    let accepted = true;
    for (const bytes of queue) accepted = this.out.write(bytes);
    this.out.uncork();
    if (accepted || this.#drained !== undefined) return;
    this.#drained = new Promise<void>((resolve) => {
      const settle = (): void => {
        for (const event of ['drain', 'error', 'close'] as const) {
          this.out.removeListener(event, settle);
        }
        this.#drained = undefined;
        resolve();
        // What was queued while waiting goes out now, not on the next publish.
        if (!this.#scheduled) this.#write();
      };
      // A stream that fails or closes never drains (`hdev start | head`): stop waiting then.
      for (const event of ['drain', 'error', 'close'] as const) this.out.once(event, settle);
    });
  }
}
