// The UI's own state (selection, filters, scroll, overlays) and how each action changes it.
// Pure: the App keeps the state and runs the engine command an action may produce.
import type { DynoSnapshot } from '../engine/engine-api.js';
import type { EngineCommand } from './engine-command.js';
import type { InputMode, UiAction } from './keymap.js';
import {
  lineMatcher,
  pauseAnchor,
  scrollAnchor,
  type LogFilter,
  type LogLines,
  type ScrollMove,
} from './log-window.js';

/**
 * The chosen dyno by name, so it stays chosen as dynos come and go; its row index is kept too,
 * so that when it goes (scaled down) the selection stays near where it was.
 */
export interface DynoSelection {
  readonly name: string;
  readonly index: number;
}

export interface ViewState {
  readonly selection: DynoSelection | undefined;
  /** Only this dyno's log lines, or everyone's. */
  readonly dynoFilter: string | undefined;
  readonly search: string;
  /** The search prompt is open: keys type into it. */
  readonly searching: boolean;
  /** The newest line on screen when scrolled back; undefined while following (log-window.ts). */
  readonly anchor: number | undefined;
  readonly help: boolean;
  /** Router lines as Heroku writes them, not the one-row form (router-line.ts). */
  readonly fullRouterLines: boolean;
}

export const INITIAL_VIEW: ViewState = {
  selection: undefined,
  dynoFilter: undefined,
  search: '',
  searching: false,
  anchor: undefined,
  help: false,
  fullRouterLines: false,
};

/** What an action needs to know beyond the state: the dynos on screen and the scrollback. */
export interface ViewContext {
  readonly dynos: readonly DynoSnapshot[];
  readonly lines: LogLines;
  /** Log lines on one page, for PgUp/PgDn. */
  readonly pageSize: number;
}

export interface ViewUpdate {
  readonly state: ViewState;
  readonly command?: EngineCommand;
}

export function inputMode(state: ViewState): InputMode {
  if (state.help) return 'help';
  return state.searching ? 'search' : 'normal';
}

export function logFilterOf(state: ViewState): LogFilter {
  return { dyno: state.dynoFilter, search: state.search };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** The chosen row: the selected dyno's, else the row it was on, else the first. */
export function selectedIndex(
  dynos: readonly DynoSnapshot[],
  selection: DynoSelection | undefined,
): number | undefined {
  if (dynos.length === 0) return undefined;
  if (selection === undefined) return 0;
  const at = dynos.findIndex((dyno) => dyno.name === selection.name);
  return at !== -1 ? at : clamp(selection.index, 0, dynos.length - 1);
}

function selectedDyno(state: ViewState, ctx: ViewContext): DynoSnapshot | undefined {
  const index = selectedIndex(ctx.dynos, state.selection);
  return index === undefined ? undefined : ctx.dynos[index];
}

/** Every change of what the log shows starts following again: the old position means nothing. */
function withFilter(state: ViewState, change: Partial<ViewState>): ViewState {
  return { ...state, ...change, anchor: undefined };
}

function scrolled(state: ViewState, ctx: ViewContext, move: ScrollMove): ViewState {
  const matches = lineMatcher(logFilterOf(state));
  return { ...state, anchor: scrollAnchor(ctx.lines, matches, state.anchor, move, ctx.pageSize) };
}

/** Drops the last character, a whole surrogate pair included. */
function eraseLast(text: string): string {
  return Array.from(text).slice(0, -1).join('');
}

function onDyno(
  state: ViewState,
  ctx: ViewContext,
  command: (dyno: DynoSnapshot) => EngineCommand | undefined,
): ViewUpdate {
  const dyno = selectedDyno(state, ctx);
  const next = dyno === undefined ? undefined : command(dyno);
  return next === undefined ? { state } : { state, command: next };
}

export function reduceView(state: ViewState, action: UiAction, ctx: ViewContext): ViewUpdate {
  switch (action.type) {
    case 'select': {
      const current = selectedIndex(ctx.dynos, state.selection);
      if (current === undefined) return { state };
      const index = clamp(current + action.delta, 0, ctx.dynos.length - 1);
      const dyno = ctx.dynos[index];
      return dyno === undefined
        ? { state }
        : { state: { ...state, selection: { name: dyno.name, index } } };
    }
    case 'filterSelected': {
      const dyno = selectedDyno(state, ctx);
      return { state: dyno === undefined ? state : withFilter(state, { dynoFilter: dyno.name }) };
    }
    case 'showAll':
      return { state: withFilter(state, { dynoFilter: undefined }) };
    case 'scale':
      // A one-off (`run.N`) has no formation to scale: Heroku scales only Procfile types.
      return onDyno(state, ctx, (dyno) =>
        dyno.oneOff
          ? undefined
          : { kind: 'scale', change: { type: dyno.type, op: action.op, amount: 1 } },
      );
    case 'restartSelected':
      return onDyno(state, ctx, (dyno) => ({ kind: 'restart', target: dyno.name }));
    case 'restartAll':
      return { state, command: { kind: 'restart', target: undefined } };
    case 'stopSelected':
      return onDyno(state, ctx, (dyno) => ({ kind: 'stop', target: dyno.name }));
    case 'quit':
      return { state, command: { kind: 'quit', by: action.by } };
    case 'toggleFollow': {
      const anchor =
        state.anchor === undefined
          ? pauseAnchor(ctx.lines, lineMatcher(logFilterOf(state)))
          : undefined;
      return { state: { ...state, anchor } };
    }
    case 'scroll': {
      const delta = action.direction * (action.by === 'page' ? Math.max(1, ctx.pageSize) : 1);
      return { state: scrolled(state, ctx, { kind: 'lines', delta }) };
    }
    case 'scrollTo':
      return { state: scrolled(state, ctx, { kind: action.end }) };
    case 'openSearch':
      return { state: { ...state, searching: true } };
    case 'searchType':
      return { state: withFilter(state, { search: state.search + action.text }) };
    case 'searchErase':
      return { state: withFilter(state, { search: eraseLast(state.search) }) };
    case 'searchClear':
      return { state: withFilter(state, { search: '' }) };
    case 'searchAccept':
      return { state: { ...state, searching: false } };
    case 'searchCancel':
      return { state: withFilter(state, { search: '', searching: false }) };
    case 'toggleHelp':
      return { state: { ...state, help: !state.help } };
    case 'toggleRouterLines':
      // The lines keep their place: only how many rows each takes changes.
      return { state: { ...state, fullRouterLines: !state.fullRouterLines } };
    case 'back':
      if (state.search !== '') return { state: withFilter(state, { search: '' }) };
      if (state.dynoFilter !== undefined) {
        return { state: withFilter(state, { dynoFilter: undefined }) };
      }
      return { state };
  }
}
