// The prefix of a log line in the pane: `18:00:00 web.1  | ` as foreman prints it, with `»` in
// place of `|` for the platform's own lines (`heroku[web.1]` in Heroku's log), so they stand apart.
import { formatClockTime } from '../logs/timestamp.js';
import type { UiLogLine } from './log-line.js';

export const APP_MARK = '|';
export const PLATFORM_MARK = '»';

/** Names are padded to line up, at least 6 wide as plain mode pads them; a long name is cut. */
const MIN_NAME_WIDTH = 6;
const MAX_NAME_WIDTH = 16;

/** Below this many columns the clock goes, leaving the room to the text. */
export const TIME_MIN_COLUMNS = 60;

export interface PrefixStyle {
  readonly nameWidth: number;
  readonly showTime: boolean;
}

/** The style for a pane of `columns` showing lines of these dynos. */
export function prefixStyle(columns: number, dynoNames: Iterable<string>): PrefixStyle {
  let widest = MIN_NAME_WIDTH;
  for (const name of dynoNames) widest = Math.max(widest, name.length);
  return { nameWidth: Math.min(widest, MAX_NAME_WIDTH), showTime: columns >= TIME_MIN_COLUMNS };
}

export function logPrefix(line: UiLogLine, style: PrefixStyle): string {
  const name =
    line.dyno.length > style.nameWidth
      ? `${line.dyno.slice(0, style.nameWidth - 1)}…`
      : line.dyno.padEnd(style.nameWidth);
  const mark = line.source === 'heroku' ? PLATFORM_MARK : APP_MARK;
  const time = style.showTime ? `${formatClockTime(line.time)} ` : '';
  return `${time}${name} ${mark} `;
}
