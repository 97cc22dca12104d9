// OverflowQueue: what a log consumer (stdout, a `logs --tail` client) holds while it cannot keep
// up, with a bound. Heroku's Logplex never blocks an app on a slow reader and never buffers
// without limit: past its buffer it drops messages, counts them, and once the reader catches up
// says so in the log itself (error L10 for an output buffer, L11 for a tail session). Every
// consumer of the log bus applies this one policy. Pure: no I/O and no clock; the caller says
// when it can take more.
import { formatHerokuTimestamp } from './timestamp.js';

/** Lines a consumer lost: how many, and when the first of them was logged. */
export interface DroppedLines {
  readonly count: number;
  /** Milliseconds since the epoch. */
  readonly since: number;
}

/** Heroku's overflow errors: L10 for a drain's (here: stdout's) buffer, L11 for a tail session. */
export type OverflowCode = 'L10' | 'L11';

/** The text Logplex logs as `heroku[logplex]` once a reader that fell behind is served again. */
export function overflowMessage(code: OverflowCode, dropped: DroppedLines): string {
  const since = formatHerokuTimestamp(dropped.since);
  return code === 'L10'
    ? `Error L10 (output buffer overflow): ${dropped.count} messages dropped since ${since}.`
    : `Error L11 (Tail buffer overflow) -> This tail session dropped ${dropped.count} messages since ${since}.`;
}

/** The platform component that reports overflows, as in `heroku[logplex]: Error L10 …`. */
export const OVERFLOW_REPORTER = 'logplex';

/** Something queued, and what it costs to hold. */
export interface Sized<T> {
  readonly item: T;
  readonly bytes: number;
}

export interface OverflowQueueOptions<T> {
  /** Once this much is queued, whatever arrives is dropped until the consumer takes the queue. */
  readonly maxBytes: number;
  /** The item that tells the reader what was dropped (an L10 line), queued once there is room. */
  readonly notice: (dropped: DroppedLines) => Sized<T>;
}

export class OverflowQueue<T> {
  readonly #maxBytes: number;
  readonly #notice: (dropped: DroppedLines) => Sized<T>;
  #items: T[] = [];
  #bytes = 0;
  #dropped: DroppedLines | undefined;

  constructor(options: OverflowQueueOptions<T>) {
    if (!Number.isInteger(options.maxBytes) || options.maxBytes < 1) {
      throw new RangeError(`maxBytes must be a whole number above 0, got ${options.maxBytes}`);
    }
    this.#maxBytes = options.maxBytes;
    this.#notice = options.notice;
  }

  /** Bytes queued: less than `maxBytes` plus one item and one notice. */
  get bytes(): number {
    return this.#bytes;
  }

  get length(): number {
    return this.#items.length;
  }

  /** Lines dropped and not yet reported. */
  get dropped(): DroppedLines | undefined {
    return this.#dropped;
  }

  get full(): boolean {
    return this.#bytes >= this.#maxBytes;
  }

  /**
   * Queues `lines` lines logged at `time`, or drops them when the queue is full. `make` builds
   * the item only when it is kept, so a flood that is dropped costs no formatting.
   */
  offer(lines: number, time: number, make: () => Sized<T>): boolean {
    if (this.full) {
      this.#dropped = {
        count: (this.#dropped?.count ?? 0) + lines,
        since: this.#dropped?.since ?? time,
      };
      return false;
    }
    this.#reportDropped();
    this.#push(make());
    return true;
  }

  /**
   * Everything queued, oldest first, leaving the queue empty. Lines dropped since come after the
   * ones kept, so their notice goes last: the reader sees where the gap is.
   */
  take(): T[] {
    this.#reportDropped();
    const items = this.#items;
    this.#items = [];
    this.#bytes = 0;
    return items;
  }

  #reportDropped(): void {
    if (this.#dropped === undefined) return;
    const notice = this.#notice(this.#dropped);
    this.#dropped = undefined;
    this.#push(notice);
  }

  #push(sized: Sized<T>): void {
    this.#items.push(sized.item);
    this.#bytes += sized.bytes;
  }
}
