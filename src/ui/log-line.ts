// UiLogLine: one line of the log pane, decoded and made safe once, when it arrives.
import type { LogBatch, LogSource } from '../logs/log-batch.js';
import { LogBus } from '../logs/log-bus.js';
import { sanitizeLine } from './sanitize-line.js';

export interface UiLogLine {
  /** The batch's time, ms since the epoch. */
  readonly time: number;
  readonly source: LogSource;
  readonly dyno: string;
  /** Safe to lay out: no escapes or control characters (see sanitizeLine). */
  readonly text: string;
}

/**
 * Longer lines are cut: the pane could not show more than a few screens of one line anyway, and
 * 10,000 lines of a megabyte each would hold gigabytes.
 */
export const MAX_LINE_CHARS = 2000;

/** The first `max` UTF-16 units of `text`, never splitting a surrogate pair. */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/** Escape codes can take more room than the text they colour: the raw line may be this much longer. */
const RAW_FACTOR = 4;

/**
 * A raw line as the pane shows it: sanitized, and cut at `max` characters with a note saying so.
 * The raw line is cut (generously) before sanitizing too, so a huge line costs no more than a
 * short one.
 */
export function lineText(raw: string, max = MAX_LINE_CHARS): string {
  const rawMax = max * RAW_FACTOR;
  const safe = sanitizeLine(cutAt(raw, rawMax));
  if (raw.length <= rawMax && safe.length <= max) return safe;
  return `${cutAt(safe, max)} … [cut: ${raw.length} characters]`;
}

/**
 * Where the last `count` lines of `data` start. A batch can hold more lines than the pane keeps:
 * decoding only the tail means a flood costs no more than the lines that survive.
 */
function tailStart(data: Buffer, count: number): number {
  // data ends in '\n': skip it, then find `count` more line ends going back.
  let at = data.length - 1;
  for (let found = 0; found < count; found++) {
    at = data.lastIndexOf(0x0a, at - 1);
    if (at === -1) return 0;
  }
  return at + 1;
}

/** The batch's lines (at most the last `max` of them), ready for the log pane. */
export function linesOfBatch(batch: LogBatch, max = Number.POSITIVE_INFINITY): UiLogLine[] {
  const tail =
    batch.lineCount > max
      ? { ...batch, data: batch.data.subarray(tailStart(batch.data, max)), lineCount: max }
      : batch;
  return LogBus.splitLines(tail).map((raw) => ({
    time: batch.time,
    source: batch.source,
    dyno: batch.dyno,
    text: lineText(raw),
  }));
}
