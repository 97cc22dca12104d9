import { describe, expect, it } from 'vitest';
import { footerMessage, logTitle } from '../../../src/ui/status-text.js';
import { INITIAL_VIEW, type ViewState } from '../../../src/ui/view-state.js';

describe('logTitle', () => {
  it.each<[Partial<ViewState>, number, string]>([
    [{}, 30, '── all dynos · following ─────'],
    [{ dynoFilter: 'web.1', search: 'err' }, 10, '── web.1 · "err" · following '],
    [{ anchor: 5 }, 0, '── all dynos · paused: f or G follows '],
  ])('%j at %i columns', (overrides, width, expected) => {
    expect(logTitle({ ...INITIAL_VIEW, ...overrides }, width)).toBe(expected);
  });
});

describe('footerMessage', () => {
  it.each<[string | undefined, string | undefined, string | undefined, string | undefined]>([
    [undefined, undefined, undefined, undefined],
    [undefined, '', undefined, undefined],
    [undefined, 'Scaled to web@2', undefined, 'Scaled to web@2'],
    ['stopping 3 dynos…', 'Scaled to web@2', undefined, 'stopping 3 dynos… · Scaled to web@2'],
    [undefined, undefined, 'boom', 'boom'],
    [undefined, 'bad \x1b[31mtype\x1b[0m\r\nhere', undefined, 'bad type here'],
  ])('shutdown %j, notice %j, error %j', (shutdown, notice, error, expected) => {
    expect(footerMessage({ shutdown, notice }, error)).toBe(expected);
  });
});
