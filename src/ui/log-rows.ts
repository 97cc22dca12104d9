// The log pane's rows, laid out here rather than by ink: each shown line's prefix, and its text
// wrapped under itself, newest at the bottom. Ink measures and wraps every text it is given and
// keeps each result in caches that never shrink; a flood puts new lines on screen every frame, so
// letting ink lay them out cost most of a core and grew its caches by every line ever shown. The
// pane hands ink fixed blank rows instead and fills them in as they are written (log-pane.tsx).
import stringWidth from 'string-width';
import type { DynoColors, UiColor } from './dyno-colors.js';
import { logPrefix, type PrefixStyle } from './log-prefix.js';
import type { UiLogLine } from './log-line.js';
import type { ShownLine } from './log-window.js';
import {
  ROUTER_SOURCE,
  compactRouterLine,
  parseRouterLine,
  routerLineColor,
} from './router-line.js';

/** One row of the pane: a prefix (blank under a wrapped line's first row) and text. */
export interface PaneRow {
  /** The sequence number of the line the row belongs to. */
  readonly seq: number;
  readonly prefix: string;
  /** The prefix's colour: the dyno's, on a line's first row. */
  readonly color: UiColor | undefined;
  readonly text: string;
  /** The platform's own lines are dimmed. */
  readonly dim: boolean;
  /** The text's colour: a router error's red, a client error's yellow. */
  readonly textColor: UiColor | undefined;
}

/** What a line says in the pane: a router line in one short row unless `full`, with its colour. */
function paneText(
  line: UiLogLine,
  full: boolean,
): { readonly text: string; readonly color: UiColor | undefined } {
  if (full || line.source !== 'heroku' || line.dyno !== ROUTER_SOURCE) {
    return { text: line.text, color: undefined };
  }
  const router = parseRouterLine(line.text);
  if (router === undefined) return { text: line.text, color: undefined };
  return { text: compactRouterLine(router), color: routerLineColor(router) };
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const graphemes = new Intl.Segmenter();

/**
 * Characters (graphemes) with the columns each takes as ink writes it: ink advances at least one
 * column per character, so a zero-width one counts one here too, and a row never comes out wider
 * than it was laid out.
 */
function characters(text: string): { readonly parts: string[]; readonly widths: number[] } {
  if (PRINTABLE_ASCII.test(text)) {
    const parts = text.split('');
    return { parts, widths: parts.map(() => 1) };
  }
  const parts: string[] = [];
  const widths: number[] = [];
  for (const { segment } of graphemes.segment(text)) {
    parts.push(segment);
    widths.push(Math.max(1, stringWidth(segment)));
  }
  return { parts, widths };
}

/** The columns `text` takes as ink writes it. */
export function textColumns(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  return characters(text).widths.reduce((sum, width) => sum + width, 0);
}

/** As much of `text` as fits in `columns`, never splitting a character. */
export function cutToColumns(text: string, columns: number): string {
  if (PRINTABLE_ASCII.test(text)) return text.length <= columns ? text : text.slice(0, columns);
  const { parts, widths } = characters(text);
  let used = 0;
  let end = 0;
  while (end < parts.length && used + (widths[end] ?? 1) <= columns) used += widths[end++] ?? 1;
  return end === parts.length ? text : parts.slice(0, end).join('');
}

/**
 * `text` in rows of at most `columns` (at least one row, '' for empty text). Rows break after a
 * space where they can; a word too long for a row of its own fills the row and goes on in the
 * next one, and a space that falls on a break is dropped.
 */
export function wrapToColumns(text: string, columns: number): string[] {
  const width = Math.max(1, columns);
  if (PRINTABLE_ASCII.test(text) && text.length <= width) return [text];
  const { parts, widths } = characters(text);
  const count = parts.length;
  const rows: string[] = [];
  const fits = (from: number, to: number): boolean => {
    let sum = 0;
    for (let at = from; at < to && sum <= width; at++) sum += widths[at] ?? 1;
    return sum <= width;
  };
  let start = 0;
  while (start < count) {
    let end = start;
    let used = 0;
    while (end < count && used + (widths[end] ?? 1) <= width) used += widths[end++] ?? 1;
    // A character wider than the row goes alone (ink cuts it off).
    if (end === start) end++;
    if (end >= count) {
      rows.push(parts.slice(start).join(''));
      break;
    }
    if (parts[end] === ' ') {
      rows.push(parts.slice(start, end).join(''));
      start = end + 1;
      continue;
    }
    const space = parts.lastIndexOf(' ', end - 1);
    if (space > start) {
      let wordEnd = parts.indexOf(' ', space + 1);
      if (wordEnd === -1) wordEnd = count;
      if (fits(space + 1, wordEnd)) {
        rows.push(parts.slice(start, space + 1).join(''));
        start = space + 1;
        continue;
      }
    }
    rows.push(parts.slice(start, end).join(''));
    start = end;
  }
  return rows.length === 0 ? [''] : rows;
}

/**
 * The pane's rows, oldest first: the shown lines from the newest back until `rows` are filled.
 * The oldest line may show only its last rows, as if scrolled off the top. Router lines are
 * compact (router-line.ts) unless `fullRouterLines`.
 */
export function paneRows(
  lines: readonly ShownLine[],
  colors: DynoColors,
  style: PrefixStyle,
  columns: number,
  rows: number,
  fullRouterLines = false,
): PaneRow[] {
  const out: PaneRow[] = [];
  for (let at = lines.length - 1; at >= 0 && out.length < rows; at--) {
    const shown = lines[at];
    if (shown === undefined) continue;
    const { seq, line } = shown;
    const prefix = logPrefix(line, style);
    const prefixColumns = textColumns(prefix);
    const shownText = paneText(line, fullRouterLines);
    const wrapped = wrapToColumns(shownText.text, columns - prefixColumns);
    // A coloured router line is not dimmed: an error should stand out, not fade.
    const dim = line.source === 'heroku' && shownText.color === undefined;
    const blank = ' '.repeat(prefixColumns);
    for (let row = wrapped.length - 1; row >= 0 && out.length < rows; row--) {
      const first = row === 0;
      out.push({
        seq,
        prefix: first ? prefix : blank,
        color: first ? colors.colorOf(line.dyno) : undefined,
        text: wrapped[row] ?? '',
        dim,
        textColor: shownText.color,
      });
    }
  }
  return out.reverse();
}

/** Splits a blank as ink writes it into text (even places) and the colour codes around it. */
// eslint-disable-next-line no-control-regex -- the colour codes ink puts around a blank are the point
const COLOUR_CODES = /(\x1b\[[0-9;]*m)/;

/**
 * The pane's Transform: writes `content` over a row of blanks as ink writes it, inside the
 * blanks' colour codes, each run of blanks taking as many columns of the content as it has. Those
 * are the columns ink has there: fewer when it had to wrap the blanks, as in a frame drawn at a
 * new width before the App has read it, and then the rest of the content is left out.
 */
export function fillBlank(content: string): (blank: string, index: number) => string {
  return (blank, index) => {
    // The blanks are one row; a second one would only come from ink wrapping them.
    if (index > 0) return '';
    const parts = blank.split(COLOUR_CODES);
    let lastRun = parts.length - 1;
    while (lastRun > 0 && (lastRun % 2 === 1 || parts[lastRun] === '')) lastRun--;
    let out = '';
    let rest = content;
    for (let at = 0; at < parts.length; at++) {
      const part = parts[at] ?? '';
      if (at % 2 === 1 || part === '') {
        out += part;
        continue;
      }
      const columns = textColumns(part);
      const piece = cutToColumns(rest, columns);
      rest = rest.slice(piece.length);
      // A run a wide character did not fit is padded, so that the next one starts where ink put
      // it; the last needs none (ink trims the spaces at the end of a row).
      const short = at === lastRun ? 0 : columns - textColumns(piece);
      out += short > 0 ? piece + ' '.repeat(short) : piece;
    }
    return out;
  };
}
