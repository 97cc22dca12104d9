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
    [undefined, undefined, '', undefined],
    [undefined, undefined, 'Scaled to web@2', 'Scaled to web@2'],
    ['stopping 3 dynos…', undefined, 'Scaled to web@2', 'stopping 3 dynos… · Scaled to web@2'],
    [undefined, 'building v3…', 'Scaled to web@2', 'building v3…'],
    ['stopping 1 dyno…', 'building v3…', undefined, 'stopping 1 dyno… · building v3…'],
    [undefined, undefined, 'bad \x1b[31mtype\x1b[0m\r\nhere', 'bad type here'],
  ])('shutdown %j, phase %j, notice %j', (shutdown, phase, notice, expected) => {
    expect(footerMessage({ shutdown, phase }, notice)).toBe(expected);
  });
});
