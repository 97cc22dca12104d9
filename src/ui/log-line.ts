// UiLogLine: one line of the log pane, decoded and made safe only when the pane needs it (see
// log-store.ts): a flood overwrites the scrollback many times a second, and a frame shows a screenful.
import type { LogSource } from '../logs/log-batch.js';
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
 * Which lines the pane shows (log-window.ts's lineMatcher builds one per filter). The dyno is
 * checked on a whole batch without decoding any of it; only a search needs the text.
 */
export interface LineMatcher {
  /** Only this dyno's lines (its app and platform lines), or every dyno's. */
  readonly dyno: string | undefined;
  /** Only lines whose text this matches (case-insensitive, no `g` flag), or every line. */
  readonly pattern: RegExp | undefined;
}

/**
 * Longer lines are cut: the pane could not show more than a few screens of one line anyway, and
 * a cache of lines of a megabyte each would hold far more than the screen.
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
