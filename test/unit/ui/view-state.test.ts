import { describe, expect, it } from 'vitest';
import type { UiAction } from '../../../src/ui/keymap.js';
import { LogStore } from '../../../src/ui/log-store.js';
import {
  INITIAL_VIEW,
  inputMode,
  reduceView,
  selectedIndex,
  type ViewContext,
  type ViewState,
  type ViewUpdate,
} from '../../../src/ui/view-state.js';
import { DEFAULT_DYNOS, batchOf, dyno } from '../../helpers/fake-engine.js';

function lines(count: number): LogStore {
  const store = new LogStore(100);
  for (let i = 0; i < count; i++) store.append(batchOf(i % 2 === 0 ? 'web.1' : 'web.2', [`l${i}`]));
  return store;
}

const CTX: ViewContext = { dynos: DEFAULT_DYNOS, lines: lines(20), pageSize: 5 };
const EMPTY_CTX: ViewContext = { dynos: [], lines: lines(0), pageSize: 5 };

function view(overrides: Partial<ViewState> = {}): ViewState {
  return { ...INITIAL_VIEW, ...overrides };
}

const on = (name: string, index: number): ViewState['selection'] => ({ name, index });

describe('reduceView', () => {
  it.each<[string, ViewState, UiAction, ViewUpdate, ViewContext?]>([
    [
      'down from the start',
      view(),
      { type: 'select', delta: 1 },
      { state: view({ selection: on('web.2', 1) }) },
    ],
    [
      'up at the top stays',
      view(),
      { type: 'select', delta: -1 },
      { state: view({ selection: on('web.1', 0) }) },
    ],
    [
      'down at the bottom stays',
      view({ selection: on('worker.1', 2) }),
      { type: 'select', delta: 1 },
      { state: view({ selection: on('worker.1', 2) }) },
    ],
    ['select with no dynos', view(), { type: 'select', delta: 1 }, { state: view() }, EMPTY_CTX],
    [
      'enter filters to the chosen dyno and follows',
      view({ selection: on('web.2', 1), anchor: 3 }),
      { type: 'filterSelected' },
      { state: view({ selection: on('web.2', 1), dynoFilter: 'web.2' }) },
    ],
    ['a shows all', view({ dynoFilter: 'web.2' }), { type: 'showAll' }, { state: view() }],
    [
      '+ scales the type',
      view(),
      { type: 'scale', op: '+' },
      { state: view(), command: { kind: 'scale', change: { type: 'web', op: '+', amount: 1 } } },
    ],
    [
      '- scales the chosen type',
      view({ selection: on('worker.1', 2) }),
      { type: 'scale', op: '-' },
      {
        state: view({ selection: on('worker.1', 2) }),
        command: { kind: 'scale', change: { type: 'worker', op: '-', amount: 1 } },
      },
    ],
    ['+ with no dynos', view(), { type: 'scale', op: '+' }, { state: view() }, EMPTY_CTX],
    [
      '+ on a one-off scales nothing',
      view(),
      { type: 'scale', op: '+' },
      { state: view() },
      { ...EMPTY_CTX, dynos: [dyno('run.4821', { type: 'run', oneOff: true })] },
    ],
    [
      'r restarts the chosen dyno',
      view({ selection: on('web.2', 1) }),
      { type: 'restartSelected' },
      { state: view({ selection: on('web.2', 1) }), command: { kind: 'restart', target: 'web.2' } },
    ],
    [
      'R restarts all',
      view(),
      { type: 'restartAll' },
      { state: view(), command: { kind: 'restart', target: undefined } },
    ],
    [
      's stops the chosen dyno',
      view(),
      { type: 'stopSelected' },
      { state: view(), command: { kind: 'stop', target: 'web.1' } },
    ],
    ['s with no dynos', view(), { type: 'stopSelected' }, { state: view() }, EMPTY_CTX],
    [
      'q quits',
      view(),
      { type: 'quit', by: 'q' },
      { state: view(), command: { kind: 'quit', by: 'q' } },
    ],
    [
      'f pauses at the newest line',
      view(),
      { type: 'toggleFollow' },
      { state: view({ anchor: 19 }) },
    ],
    [
      'f pauses at the newest matching line',
      view({ dynoFilter: 'web.1' }),
      { type: 'toggleFollow' },
      { state: view({ dynoFilter: 'web.1', anchor: 18 }) },
    ],
    ['f follows again', view({ anchor: 4 }), { type: 'toggleFollow' }, { state: view() }],
    [
      'k scrolls up a line',
      view(),
      { type: 'scroll', by: 'line', direction: -1 },
      { state: view({ anchor: 18 }) },
    ],
    [
      'PgUp scrolls a page',
      view(),
      { type: 'scroll', by: 'page', direction: -1 },
      { state: view({ anchor: 14 }) },
    ],
    [
      'PgDn to the end follows',
      view({ anchor: 16 }),
      { type: 'scroll', by: 'page', direction: 1 },
      { state: view() },
    ],
    [
      'g goes to the oldest page',
      view(),
      { type: 'scrollTo', end: 'oldest' },
      { state: view({ anchor: 4 }) },
    ],
    ['G follows', view({ anchor: 4 }), { type: 'scrollTo', end: 'newest' }, { state: view() }],
    [
      '/ opens the prompt',
      view({ search: 'old' }),
      { type: 'openSearch' },
      { state: view({ search: 'old', searching: true }) },
    ],
    [
      'typing extends the search and follows',
      view({ search: 'er', searching: true, anchor: 3 }),
      { type: 'searchType', text: 'r' },
      { state: view({ search: 'err', searching: true }) },
    ],
    [
      'backspace drops a whole character',
      view({ search: 'a🚀', searching: true }),
      { type: 'searchErase' },
      { state: view({ search: 'a', searching: true }) },
    ],
    [
      'Ctrl-U clears',
      view({ search: 'abc', searching: true }),
      { type: 'searchClear' },
      { state: view({ searching: true }) },
    ],
    [
      'enter keeps the search',
      view({ search: 'err', searching: true }),
      { type: 'searchAccept' },
      { state: view({ search: 'err' }) },
    ],
    [
      'esc clears the search',
      view({ search: 'err', searching: true }),
      { type: 'searchCancel' },
      { state: view() },
    ],
    ['? opens help', view(), { type: 'toggleHelp' }, { state: view({ help: true }) }],
    ['? closes help', view({ help: true }), { type: 'toggleHelp' }, { state: view() }],
    [
      'v shows whole router lines',
      view(),
      { type: 'toggleRouterLines' },
      { state: view({ fullRouterLines: true }) },
    ],
    [
      'v again shows them short',
      view({ fullRouterLines: true, anchor: 3 }),
      { type: 'toggleRouterLines' },
      { state: view({ anchor: 3 }) },
    ],
    [
      'esc clears the search first',
      view({ search: 'err', dynoFilter: 'web.1' }),
      { type: 'back' },
      { state: view({ dynoFilter: 'web.1' }) },
    ],
    [
      'esc then clears the dyno filter',
      view({ dynoFilter: 'web.1' }),
      { type: 'back' },
      { state: view() },
    ],
    [
      'esc with nothing to clear keeps the scroll',
      view({ anchor: 4 }),
      { type: 'back' },
      { state: view({ anchor: 4 }) },
    ],
  ])('%s', (_name, state, action, expected, ctx = CTX) => {
    expect(reduceView(state, action, ctx)).toEqual(expected);
  });
});

describe('selectedIndex', () => {
  const dynos = [dyno('web.1'), dyno('web.3'), dyno('worker.1')];
  it.each<[string, ViewState['selection'], number | undefined]>([
    ['the first when nothing was chosen', undefined, 0],
    ['the chosen dyno', on('worker.1', 2), 2],
    ['the chosen dyno where it moved', on('worker.1', 0), 2],
    ['the same row when the dyno went', on('web.2', 1), 1],
    ['the last row when the dyno went from the end', on('web.9', 7), 2],
  ])('%s', (_name, selection, expected) => {
    expect(selectedIndex(dynos, selection)).toBe(expected);
  });

  it('is undefined without dynos', () => {
    expect(selectedIndex([], on('web.1', 0))).toBeUndefined();
  });
});

describe('inputMode', () => {
  it.each<[Partial<ViewState>, string]>([
    [{}, 'normal'],
    [{ searching: true }, 'search'],
    [{ help: true }, 'help'],
    [{ help: true, searching: true }, 'help'],
  ])('%j is %s', (overrides, mode) => {
    expect(inputMode(view(overrides))).toBe(mode);
  });
});
