// LogBus: fans log batches out to every listener and keeps the recent history, as Logplex does.
import { LOG_HISTORY_LINES } from '../domain/defaults.js';
import type { LogBatch, LogSource } from './log-batch.js';

export type LogListener = (batch: LogBatch) => void;

/** The retained history and the live stream after it, with no gap and no duplicate. */
export interface LogSubscription {
  /** What was retained when the subscription began, oldest first. */
  readonly history: readonly LogBatch[];
  unsubscribe(): void;
}

export interface LogBusOptions {
  /** Told about a listener that threw; the batch still reaches every other listener. */
  readonly onListenerError?: (error: unknown, batch: LogBatch) => void;
}

const ignore = (): void => undefined;

export class LogBus {
  readonly #historyLines: number;
  readonly #onListenerError: (error: unknown, batch: LogBatch) => void;
  /** Replaced, never mutated, on (un)subscribe: a listener leaving mid-publish changes nothing. */
  #listeners: readonly LogListener[] = [];
  #history: LogBatch[] = [];
  #historyLineTotal = 0;

  /** Heroku's Logplex keeps the most recent 1,500 lines of an app's log. */
  constructor(historyLines = LOG_HISTORY_LINES, options: LogBusOptions = {}) {
    if (!Number.isInteger(historyLines) || historyLines < 0) {
      throw new RangeError(`historyLines must be a whole number, got ${historyLines}`);
    }
    this.#historyLines = historyLines;
    this.#onListenerError = options.onListenerError ?? ignore;
  }

  publish(batch: LogBatch): void {
    if (batch.lineCount === 0) return;
    this.#retain(batch);
    for (const listener of this.#listeners) {
      try {
        listener(batch);
      } catch (error) {
        // One broken consumer (a closed socket, a bug in a view) must not silence the others or
        // throw into the dyno's output reader.
        this.#onListenerError(error, batch);
      }
    }
  }

  subscribe(listener: LogListener): () => void {
    this.#listeners = [...this.#listeners, listener];
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const at = this.#listeners.indexOf(listener);
      if (at !== -1) this.#listeners = this.#listeners.filter((_, index) => index !== at);
    };
  }

  /**
   * The history and every batch published from now on, in one call: a consumer that read the
   * history and subscribed in two steps could lose or repeat a batch published in between (or
   * one being published while it subscribes, from inside another listener).
   */
  subscribeWithHistory(listener: LogListener): LogSubscription {
    // Publishing retains a batch before it reaches the listeners, and iterates the listener
    // list it started with: a batch in flight is in the history and never reaches `listener`.
    const history = this.history();
    const unsubscribe = this.subscribe(listener);
    return { history, unsubscribe };
  }

  /** The retained batches, oldest first: at least the last `historyLines` lines. */
  history(): LogBatch[] {
    return [...this.#history];
  }

  /** A batch's lines as strings without their newlines: for history and tests, not the hot path. */
  static splitLines(batch: LogBatch): string[] {
    const lines = batch.data.toString('utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines;
  }

  // Whole batches are kept so history costs nothing per line: the oldest batch goes only once
  // the newer ones hold enough lines, which bounds the extra to less than one batch.
  #retain(batch: LogBatch): void {
    const history = this.#history;
    history.push(batch);
    this.#historyLineTotal += batch.lineCount;
    for (;;) {
      const oldest = history[0];
      if (oldest === undefined) break;
      if (this.#historyLineTotal - oldest.lineCount < this.#historyLines) break;
      this.#historyLineTotal -= oldest.lineCount;
      history.shift();
    }
  }
}

/** One platform line (`heroku[web.1]: State changed from starting to up`) as a batch. */
export function platformBatch(
  dyno: string,
  message: string,
  time: number,
  source: LogSource = 'heroku',
): LogBatch {
  // A batch holds whole lines: a stray newline would forge a second line or break the framing.
  // (Checked first: a router line per request rarely has one, and the check costs less.)
  const line =
    message.includes('\n') || message.includes('\r')
      ? message.replace(/\r\n|[\r\n]/g, ' ')
      : message;
  return { time, source, dyno, data: Buffer.from(`${line}\n`), lineCount: 1 };
}
