// Which log lines the pane shows: the filter (one dyno, a search) and the scroll position, as
// pure functions over the scrollback. The position is the sequence number of the newest line on
// screen (the anchor), not a distance from the end: new lines then leave a scrolled-back view
// where it is. No anchor means following: the newest lines are shown as they arrive.
import type { LineMatcher, UiLogLine } from './log-line.js';

export type { LineMatcher } from './log-line.js';

export interface LogFilter {
  /** Only this dyno's lines (its app and platform lines), or every dyno's. */
  readonly dyno: string | undefined;
  /** Only lines containing this text, ignoring case; '' for all. */
  readonly search: string;
}

/**
 * What the pane reads (log-store.ts's LogStore): lines by sequence number, oldest first, and a
 * search for the next matching one, which the store can answer without decoding every line.
 */
export interface LogLines {
  /** The sequence number of the oldest line still held. */
  readonly firstSeq: number;
  /** One past the newest line's sequence number (the next one to arrive). */
  readonly endSeq: number;
  /** The line with this sequence number, or undefined once it has been dropped. */
  at(seq: number): UiLogLine | undefined;
  /**
   * The nearest line after (1) or before (-1) `from`, exclusive, that `matcher` accepts, or
   * undefined when there is none. `from` may be a line already dropped, or one past the end.
   */
  nextMatch(from: number, direction: 1 | -1, matcher: LineMatcher): number | undefined;
}

export interface ShownLine {
  readonly seq: number;
  readonly line: UiLogLine;
}

export type ScrollMove =
  /** Older (negative) or newer (positive) by this many matching lines. */
  | { readonly kind: 'lines'; readonly delta: number }
  | { readonly kind: 'oldest' }
  | { readonly kind: 'newest' };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One matcher per filter: the search becomes a case-insensitive RegExp once, not per line. */
export function lineMatcher(filter: LogFilter): LineMatcher {
  const { dyno, search } = filter;
  return { dyno, pattern: search === '' ? undefined : new RegExp(escapeRegExp(search), 'i') };
}

/**
 * The sequence number of the `n`-th matching line after `from` (exclusive) going `direction`, or
 * of the farthest match when there are fewer; undefined when there is none.
 */
export function nthMatch(
  source: LogLines,
  matcher: LineMatcher,
  from: number,
  direction: 1 | -1,
  n: number,
): number | undefined {
  let found: number | undefined;
  for (let count = 0; count < n; count++) {
    const next = source.nextMatch(found ?? from, direction, matcher);
    if (next === undefined) break;
    found = next;
  }
  return found;
}

/**
 * Up to `count` matching lines, oldest first, ending at `anchor` (or the newest line). When fewer
 * than `count` match at or before the anchor, newer ones fill the page: a view scrolled to the top,
 * or whose anchor was overwritten, still shows a full page.
 */
export function visibleLines(
  source: LogLines,
  matcher: LineMatcher,
  anchor: number | undefined,
  count: number,
): ShownLine[] {
  const start = Math.min(anchor ?? source.endSeq - 1, source.endSeq - 1);
  const shown: ShownLine[] = [];
  // Only the lines on the page are decoded: the store skips other dynos' batches whole.
  let older = start + 1;
  while (shown.length < count) {
    const seq = source.nextMatch(older, -1, matcher);
    const line = seq === undefined ? undefined : source.at(seq);
    if (seq === undefined || line === undefined) break;
    shown.push({ seq, line });
    older = seq;
  }
  shown.reverse();
  let newer = start;
  while (shown.length < count) {
    const seq = source.nextMatch(newer, 1, matcher);
    const line = seq === undefined ? undefined : source.at(seq);
    if (seq === undefined || line === undefined) break;
    shown.push({ seq, line });
    newer = seq;
  }
  return shown;
}

/** The anchor that freezes the view where it is now (`f` while following). */
export function pauseAnchor(source: LogLines, matcher: LineMatcher): number {
  return nthMatch(source, matcher, source.endSeq, -1, 1) ?? source.endSeq - 1;
}

/**
 * The anchor after a scroll; undefined means following again. Scrolling down onto the newest line
 * resumes following, and scrolling up stops where the oldest line is at the top of the page.
 */
export function scrollAnchor(
  source: LogLines,
  matcher: LineMatcher,
  anchor: number | undefined,
  move: ScrollMove,
  pageSize: number,
): number | undefined {
  if (move.kind === 'newest') return undefined;
  const newest = nthMatch(source, matcher, source.endSeq, -1, 1);
  if (newest === undefined) return undefined;
  // The anchor whose page starts at the oldest matching line: scrolling further shows nothing new.
  const floor = nthMatch(source, matcher, source.firstSeq - 1, 1, pageSize) ?? newest;
  const target =
    move.kind === 'oldest'
      ? floor
      : Math.max(floor, scrollBy(source, matcher, anchor ?? newest, move.delta));
  return target >= newest ? undefined : target;
}

function scrollBy(source: LogLines, matcher: LineMatcher, from: number, delta: number): number {
  if (delta === 0) return from;
  const direction = delta < 0 ? -1 : 1;
  return nthMatch(source, matcher, from, direction, Math.abs(delta)) ?? from;
}
