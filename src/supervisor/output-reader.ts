// Reads one dyno's stdout and stderr into the log bus as batches of complete lines.
import type { Readable } from 'node:stream';
import type { LogBus } from '../logs/log-bus.js';
import { LineSplitter } from '../logs/line-splitter.js';
import type { Clock, TimerHandle } from './clock.js';

/** A partial line (a prompt, a progress bar) is shown after this long without its newline. */
export const PARTIAL_LINE_FLUSH_MS = 100;

/** Bound on waiting for a dyno's pipes to drain after its process exits (a grandchild may hold them). */
const DRAIN_AFTER_EXIT_MS = 100;

export class OutputReader {
  readonly #ended: Promise<void>[] = [];

  constructor(
    private readonly dyno: string,
    private readonly bus: LogBus,
    private readonly clock: Clock,
  ) {}

  attach(stream: Readable | null): void {
    if (stream === null) return;
    const splitter = new LineSplitter();
    let partialTimer: TimerHandle | undefined;
    const publish = (lines: { data: Buffer; lineCount: number } | undefined): void => {
      if (lines === undefined || lines.lineCount === 0) return;
      this.bus.publish({ time: this.clock.now(), source: 'app', dyno: this.dyno, ...lines });
    };
    stream.on('data', (chunk: Buffer) => {
      publish(splitter.push(chunk));
      if (splitter.hasPartial && partialTimer === undefined) {
        partialTimer = this.clock.setTimeout(() => {
          partialTimer = undefined;
          publish(splitter.flushPartial());
        }, PARTIAL_LINE_FLUSH_MS);
      }
    });
    this.#ended.push(
      new Promise((resolve) => {
        const finish = (): void => {
          partialTimer?.cancel();
          publish(splitter.end());
          resolve();
        };
        stream.once('end', finish);
        stream.once('error', finish);
      }),
    );
  }

  /** Waits until every pipe has ended, or a short bound: output printed before exit comes first. */
  async drained(): Promise<void> {
    let timer: TimerHandle | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = this.clock.setTimeout(resolve, DRAIN_AFTER_EXIT_MS);
    });
    await Promise.race([Promise.all(this.#ended), bound]);
    timer?.cancel();
  }
}
