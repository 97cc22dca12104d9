// PlainPrinter: writes formatted log batches to a stream (a pipe, a file, CI's log), one write per
// event-loop turn.
import type { LogBatch } from '../logs/log-batch.js';
import type { LogBus } from '../logs/log-bus.js';

type StreamEvent = 'drain' | 'error' | 'close';

/** The part of a Node writable stream (such as `process.stdout`) the printer uses. */
export interface PrinterOutput {
  write(data: Buffer): boolean;
  once(event: StreamEvent, listener: () => void): unknown;
  removeListener(event: StreamEvent, listener: () => void): unknown;
  readonly destroyed?: boolean;
}

export class PlainPrinter {
  #queue: Buffer[] = [];
  #scheduled = false;
  /** Set while the stream's buffer is full; settles on 'drain', or when the stream is gone. */
  #drained: Promise<void> | undefined;

  constructor(
    private readonly out: PrinterOutput,
    private readonly format: (batch: LogBatch) => Buffer,
  ) {}

  /** Prints every batch published from now on; returns a function that stops it. */
  attach(bus: LogBus): () => void {
    return bus.subscribe((batch) => {
      this.#enqueue(batch);
    });
  }

  /** Writes whatever is queued; resolves once the stream has taken it all in. */
  async flush(): Promise<void> {
    this.#write();
    while (this.#drained !== undefined) {
      await this.#drained;
      this.#write();
    }
  }

  // Dynos publish a batch per pipe read, often many in one turn of the event loop: writing them
  // with one concatenated write per turn costs one syscall instead of one per batch.
  #enqueue(batch: LogBatch): void {
    const bytes = this.format(batch);
    if (bytes.length === 0) return;
    this.#queue.push(bytes);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // While the stream is full, keep queueing: the next write after 'drain' takes it all.
      if (this.#drained === undefined) this.#write();
    });
  }

  #write(): void {
    const queue = this.#queue;
    if (queue.length === 0 || this.out.destroyed === true) return;
    this.#queue = [];
    const data = queue.length === 1 && queue[0] !== undefined ? queue[0] : Buffer.concat(queue);
    if (this.out.write(data) || this.#drained !== undefined) return;
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
