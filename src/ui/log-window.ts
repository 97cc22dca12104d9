// Which log lines the pane shows: the filter (one dyno, a search) and the scroll position, as
// pure functions over the scrollback. The position is the sequence number of the newest line on
// screen (the anchor), not a distance from the end: new lines then leave a scrolled-back view
// where it is. No anchor means following: the newest lines are shown as they arrive.
import type { UiLogLine } from './log-line.js';
import type { SequenceSource } from './ring-buffer.js';

export interface LogFilter {
  /** Only this dyno's lines (its app and platform lines), or every dyno's. */
  readonly dyno: string | undefined;
  /** Only lines containing this text, ignoring case; '' for all. */
  readonly search: string;
}

export type LineMatcher = (line: UiLogLine) => boolean;

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
  const pattern = search === '' ? undefined : new RegExp(escapeRegExp(search), 'i');
  if (dyno === undefined && pattern === undefined) return () => true;
  return (line) =>
    (dyno === undefined || line.dyno === dyno) &&
    (pattern === undefined || pattern.test(line.text));
}

/**
 * The sequence number of the `n`-th matching line after `from` (exclusive) going `direction`, or
 * of the farthest match when there are fewer; undefined when there is none.
 */
export function nthMatch(
  source: SequenceSource<UiLogLine>,
  matches: LineMatcher,
  from: number,
  direction: 1 | -1,
  n: number,
): number | undefined {
  let found: number | undefined;
  let count = 0;
  // Start inside the buffer: `from` may be a line already overwritten, or one past the end.
  const first =
    direction === 1 ? Math.max(from + 1, source.firstSeq) : Math.min(from - 1, source.endSeq - 1);
  for (
    let seq = first;
    seq >= source.firstSeq && seq < source.endSeq && count < n;
    seq += direction
  ) {
    const line = source.at(seq);
    if (line !== undefined && matches(line)) {
      found = seq;
      count++;
    }
  }
  return found;
}

/**
 * Up to `count` matching lines, oldest first, ending at `anchor` (or the newest line). When fewer
 * than `count` match at or before the anchor, newer ones fill the page: a view scrolled to the top,
 * or whose anchor was overwritten, still shows a full page.
 */
export function visibleLines(
  source: SequenceSource<UiLogLine>,
  matches: LineMatcher,
  anchor: number | undefined,
  count: number,
): ShownLine[] {
  const start = Math.min(anchor ?? source.endSeq - 1, source.endSeq - 1);
  const shown: ShownLine[] = [];
  for (let seq = start; seq >= source.firstSeq && shown.length < count; seq--) {
    const line = source.at(seq);
    if (line !== undefined && matches(line)) shown.push({ seq, line });
  }
  shown.reverse();
  for (let seq = Math.max(start + 1, source.firstSeq); seq < source.endSeq; seq++) {
    if (shown.length >= count) break;
    const line = source.at(seq);
    if (line !== undefined && matches(line)) shown.push({ seq, line });
  }
  return shown;
}

/** The anchor that freezes the view where it is now (`f` while following). */
export function pauseAnchor(source: SequenceSource<UiLogLine>, matches: LineMatcher): number {
  return nthMatch(source, matches, source.endSeq, -1, 1) ?? source.endSeq - 1;
}

/**
 * The anchor after a scroll; undefined means following again. Scrolling down onto the newest line
 * resumes following, and scrolling up stops where the oldest line is at the top of the page.
 */
export function scrollAnchor(
  source: SequenceSource<UiLogLine>,
  matches: LineMatcher,
  anchor: number | undefined,
  move: ScrollMove,
  pageSize: number,
): number | undefined {
  if (move.kind === 'newest') return undefined;
  const newest = nthMatch(source, matches, source.endSeq, -1, 1);
  if (newest === undefined) return undefined;
  // The anchor whose page starts at the oldest matching line: scrolling further shows nothing new.
  const floor = nthMatch(source, matches, source.firstSeq - 1, 1, pageSize) ?? newest;
  const target =
    move.kind === 'oldest'
      ? floor
      : Math.max(floor, scrollBy(source, matches, anchor ?? newest, move.delta));
  return target >= newest ? undefined : target;
}

function scrollBy(
  source: SequenceSource<UiLogLine>,
  matches: LineMatcher,
  from: number,
  delta: number,
): number {
  if (delta === 0) return from;
  const direction = delta < 0 ? -1 : 1;
  return nthMatch(source, matches, from, direction, Math.abs(delta)) ?? from;
}
