// sanitizeLine: makes one line of dyno output safe to lay out in the terminal UI. A dyno may print
// anything (colours, cursor movement, progress bars, binary): in plain mode the terminal gets it
// as-is, but inside the UI every escape or control character would move the cursor or change the
// width the layout counted on, and tear the screen apart.

/** Shown in place of a control character or an undecodable byte: visible, and one column wide. */
export const PLACEHOLDER = '\uFFFD';

const TAB_WIDTH = 8;

/**
 * Escape sequences, longest forms first:
 * - CSI (`ESC [` or the 8-bit `\x9b`): parameters, intermediates, a final byte; an unfinished one
 *   at the end of the line is dropped too (the line splitter may have cut it).
 * - OSC, DCS, SOS, PM, APC (`ESC ] P X ^ _` or their 8-bit forms): a string up to BEL or ST
 *   (`ESC \` or `\x9c`), or to the end of the line when it never ends.
 * - Any other `ESC` sequence (`ESC ( B`, `ESC 7`, `ESC =`), and a lone `ESC`.
 */
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /(?:\x1b\[|\x9b)[0-?]*[ -/]*(?:[@-~]|$)|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)|\x1b[ -/]*[0-~]?/g;

/**
 * Characters that change the layout or the terminal's state: C0 and C1 controls, DEL, the Unicode
 * line and paragraph separators, and the bidirectional overrides and isolates (which reorder the
 * rest of the row, prefix included). Most lines hold none of them, and skip all the work.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_GLOBAL = new RegExp(UNSAFE.source, 'g');

/** Bidirectional formatting characters: dropped, since they have no width of their own. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

/** What a terminal shows after `\r`s: the text after the last one (a progress bar's final state). */
function afterCarriageReturns(text: string): string {
  // `50%\r` then the newline: nothing follows the last `\r`, so the text before it stays.
  const end = text.replace(/\r+$/, '');
  return end.slice(end.lastIndexOf('\r') + 1);
}

/** Backspace erases the character before it, as a terminal shows `abc\bd` as `abd`. */
function applyBackspaces(text: string): string {
  if (!text.includes('\b')) return text;
  const out: string[] = [];
  for (const char of text) {
    if (char === '\b') out.pop();
    else out.push(char);
  }
  return out.join('');
}

/** Tabs to spaces up to the next stop of 8, counting from the start of the line. */
function expandTabs(text: string): string {
  if (!text.includes('\t')) return text;
  let out = '';
  for (const char of text) {
    out += char === '\t' ? ' '.repeat(TAB_WIDTH - (out.length % TAB_WIDTH)) : char;
  }
  return out;
}

export function sanitizeLine(text: string): string {
  if (!UNSAFE.test(text)) return text;
  const visible = applyBackspaces(afterCarriageReturns(text.replace(ESCAPE_SEQUENCE, '')));
  return expandTabs(visible).replace(UNSAFE_GLOBAL, (char) => (BIDI.test(char) ? '' : PLACEHOLDER));
}
