// Keys to actions: which key does what, in each input mode. Pure, so the whole keymap is tested
// without a terminal; the App applies the actions (view-state.ts) and runs any engine command.

/** The part of ink's `Key` the keymap reads (ink's own type fits it). */
export interface KeyInfo {
  readonly upArrow: boolean;
  readonly downArrow: boolean;
  readonly pageUp: boolean;
  readonly pageDown: boolean;
  readonly home: boolean;
  readonly end: boolean;
  readonly return: boolean;
  readonly escape: boolean;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly backspace: boolean;
  readonly delete: boolean;
}

/** Normal: keys are commands. Search: keys type into the prompt. Help: the overlay is open. */
export type InputMode = 'normal' | 'search' | 'help';

export type UiAction =
  | { readonly type: 'select'; readonly delta: number }
  | { readonly type: 'filterSelected' }
  | { readonly type: 'showAll' }
  /** `+` adds a dyno of the chosen dyno's type, `-` removes one. */
  | { readonly type: 'scale'; readonly op: '+' | '-' }
  | { readonly type: 'restartSelected' }
  | { readonly type: 'restartAll' }
  | { readonly type: 'stopSelected' }
  /** `by`: the key, for the summary hdev leaves on the screen (`stopped by q`). */
  | { readonly type: 'quit'; readonly by: QuitKey }
  | { readonly type: 'toggleFollow' }
  /** Router lines in one row (`GET / → web.1 200 1ms`) or as Heroku writes them. */
  | { readonly type: 'toggleRouterLines' }
  | { readonly type: 'scroll'; readonly by: 'line' | 'page'; readonly direction: 1 | -1 }
  | { readonly type: 'scrollTo'; readonly end: 'oldest' | 'newest' }
  | { readonly type: 'openSearch' }
  | { readonly type: 'searchType'; readonly text: string }
  | { readonly type: 'searchErase' }
  | { readonly type: 'searchClear' }
  | { readonly type: 'searchAccept' }
  | { readonly type: 'searchCancel' }
  | { readonly type: 'toggleHelp' }
  /** Esc outside a prompt: backs out of the search, then the dyno filter. */
  | { readonly type: 'back' };

export type QuitKey = 'q' | 'Ctrl-C';

/** One line of the help overlay. */
export interface KeyHelp {
  readonly keys: string;
  readonly does: string;
}

export const KEY_HELP: readonly KeyHelp[] = [
  { keys: '↑ / ↓', does: 'choose a dyno' },
  { keys: 'enter', does: "show only the chosen dyno's log" },
  { keys: 'a', does: "show every dyno's log" },
  { keys: '/', does: 'search the log (enter keeps it, esc clears it)' },
  { keys: 'esc', does: 'clear the search, then the dyno filter' },
  { keys: '+ / -', does: "scale the chosen dyno's process type up / down" },
  { keys: 'r', does: 'restart the chosen dyno' },
  { keys: 'R', does: 'restart all dynos' },
  { keys: 's', does: 'stop the chosen dyno' },
  { keys: 'k / j', does: 'scroll the log up / down a line' },
  { keys: 'PgUp / PgDn', does: 'scroll a page (also b / space)' },
  { keys: 'g / G', does: 'oldest / newest line (also Home / End)' },
  { keys: 'f', does: 'follow new lines on / off (scrolling to the end resumes)' },
  { keys: 'v', does: "router lines: one short row / Heroku's whole line" },
  { keys: '?', does: 'this help (? or esc closes it)' },
  { keys: 'q / Ctrl-C', does: 'quit: stop all dynos (again: kill them at once)' },
];

/**
 * The footer's reminder. It is cut at the terminal's width, so help and quit come first and the
 * least needed keys last; `?` lists them all.
 */
export const FOOTER_HINTS =
  '? help  q quit  ↑↓ dyno  ⏎ filter  / search  +/- scale  r/R restart  s stop  f follow  v router  a all';

/** Typed text without control characters: a pasted newline must not end up in the search. */
function printable(input: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what goes
  return input.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
}

const NORMAL_CHARACTERS: Readonly<Record<string, UiAction>> = {
  q: { type: 'quit', by: 'q' },
  a: { type: 'showAll' },
  '+': { type: 'scale', op: '+' },
  // `=` is `+` without shift on most keyboards.
  '=': { type: 'scale', op: '+' },
  '-': { type: 'scale', op: '-' },
  r: { type: 'restartSelected' },
  R: { type: 'restartAll' },
  s: { type: 'stopSelected' },
  f: { type: 'toggleFollow' },
  v: { type: 'toggleRouterLines' },
  '/': { type: 'openSearch' },
  '?': { type: 'toggleHelp' },
  k: { type: 'scroll', by: 'line', direction: -1 },
  j: { type: 'scroll', by: 'line', direction: 1 },
  b: { type: 'scroll', by: 'page', direction: -1 },
  ' ': { type: 'scroll', by: 'page', direction: 1 },
  g: { type: 'scrollTo', end: 'oldest' },
  G: { type: 'scrollTo', end: 'newest' },
};

function normalKey(input: string, key: KeyInfo): UiAction | undefined {
  if (key.upArrow) return { type: 'select', delta: -1 };
  if (key.downArrow) return { type: 'select', delta: 1 };
  if (key.return) return { type: 'filterSelected' };
  if (key.pageUp) return { type: 'scroll', by: 'page', direction: -1 };
  if (key.pageDown) return { type: 'scroll', by: 'page', direction: 1 };
  if (key.home) return { type: 'scrollTo', end: 'oldest' };
  if (key.end) return { type: 'scrollTo', end: 'newest' };
  if (key.escape) return { type: 'back' };
  if (key.ctrl || key.meta) return undefined;
  return NORMAL_CHARACTERS[input];
}

function searchKey(input: string, key: KeyInfo): UiAction | undefined {
  if (key.return) return { type: 'searchAccept' };
  if (key.escape) return { type: 'searchCancel' };
  if (key.backspace || key.delete) return { type: 'searchErase' };
  if (key.ctrl) return input === 'u' ? { type: 'searchClear' } : undefined;
  if (key.meta) return undefined;
  const text = printable(input);
  return text === '' ? undefined : { type: 'searchType', text };
}

function helpKey(input: string, key: KeyInfo): UiAction | undefined {
  if (key.escape || (!key.ctrl && input === '?')) return { type: 'toggleHelp' };
  if (!key.ctrl && input === 'q') return { type: 'quit', by: 'q' };
  return undefined;
}

/** The action for one key press in `mode`, or undefined for a key that does nothing there. */
export function interpretKey(input: string, key: KeyInfo, mode: InputMode): UiAction | undefined {
  // Ctrl-C quits from anywhere: ink's own Ctrl-C handling is off, so the engine can shut down.
  if (key.ctrl && input === 'c') return { type: 'quit', by: 'Ctrl-C' };
  switch (mode) {
    case 'normal':
      return normalKey(input, key);
    case 'search':
      return searchKey(input, key);
    case 'help':
      return helpKey(input, key);
  }
}

/** One key press: what ink reports for a key, or one character of a pasted string. */
export interface KeyPress {
  readonly input: string;
  readonly key: KeyInfo;
}

/** A keystroke with no modifier or special key: the base that key descriptions spread over. */
export const NO_KEY: KeyInfo = {
  upArrow: false,
  downArrow: false,
  pageUp: false,
  pageDown: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  meta: false,
  backspace: false,
  delete: false,
};

/**
 * Ink hands over fast typing or a paste as one string (`/err`). Read it as the keys it was, one
 * character each, so `/` opens the search and `err` goes into it; Enter and Backspace inside it
 * still act as those keys.
 */
export function splitKeyPresses(input: string, key: KeyInfo): KeyPress[] {
  const characters = Array.from(input);
  if (characters.length <= 1 || key.ctrl || key.meta) return [{ input, key }];
  return characters.map((character) => {
    if (character === '\r' || character === '\n')
      return { input: '', key: { ...NO_KEY, return: true } };
    if (character === '\x7f' || character === '\b') {
      return { input: '', key: { ...NO_KEY, backspace: true } };
    }
    return { input: character, key: NO_KEY };
  });
}
