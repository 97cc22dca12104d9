// Reads one dyno's stdout and stderr into the log bus as batches of complete lines.
import type { Readable } from 'node:stream';
import type { LogBus } from '../logs/log-bus.js';
import { LineSplitter } from '../logs/line-splitter.js';
import type { Clock, TimerHandle } from '../time/clock.js';
import { settlesWithin } from '../time/clock.js';

/** A partial line (a prompt, a progress bar) is shown after this long without its newline. */
export const PARTIAL_LINE_FLUSH_MS = 100;

/** A line still arriving (a progress bar printing dots) is shown at the latest after this long. */
export const PARTIAL_LINE_MAX_WAIT_MS = 1000;

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
    let readsSinceArmed = 0;
    let partialSince: number | undefined;
    const publish = (lines: { data: Buffer; lineCount: number } | undefined): void => {
      if (lines === undefined || lines.lineCount === 0) return;
      this.bus.publish({ time: this.clock.now(), source: 'app', dyno: this.dyno, ...lines });
    };
    const armPartialFlush = (): void => {
      if (!splitter.hasPartial) partialSince = undefined;
      if (!splitter.hasPartial || partialTimer !== undefined) return;
      partialSince ??= this.clock.now();
      readsSinceArmed = 0;
      partialTimer = this.clock.setTimeout(() => {
        // A busy turn of the event loop (a flood of output from other dynos, a slow stdout) can
        // run timers before this pipe's next chunk is read. Decide after the next poll phase,
        // and only show the partial line if the stream really went quiet: never cut a line
        // that is still arriving.
        setImmediate(() => {
          partialTimer = undefined;
          const waited = this.clock.now() - (partialSince ?? this.clock.now());
          if (readsSinceArmed === 0 || waited >= PARTIAL_LINE_MAX_WAIT_MS) {
            partialSince = undefined;
            publish(splitter.flushPartial());
          } else armPartialFlush();
        });
      }, PARTIAL_LINE_FLUSH_MS);
    };
    stream.on('data', (chunk: Buffer) => {
      readsSinceArmed++;
      publish(splitter.push(chunk));
      armPartialFlush();
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
    await settlesWithin(this.clock, Promise.all(this.#ended), DRAIN_AFTER_EXIT_MS);
  }
}
