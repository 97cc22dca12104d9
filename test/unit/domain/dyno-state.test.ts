import { describe, expect, it } from 'vitest';
import type { DynoEvent, DynoState } from '../../../src/domain/dyno-state.js';
import { loggedTransition, nextDynoState } from '../../../src/domain/dyno-state.js';

const boot: DynoEvent = { type: 'boot' };
const ready: DynoEvent = { type: 'ready' };
const crash: DynoEvent = { type: 'exit', oneOff: false };
const oneOffExit: DynoEvent = { type: 'exit', oneOff: true };
const stop: DynoEvent = { type: 'stop' };

describe('nextDynoState', () => {
  it.each<[DynoState, DynoEvent, DynoState | undefined]>([
    ['down', boot, 'starting'],
    ['crashed', boot, 'starting'],
    ['up', boot, undefined],
    ['starting', ready, 'up'],
    ['up', ready, undefined],
    ['starting', crash, 'crashed'],
    ['up', crash, 'crashed'],
    ['up', oneOffExit, 'complete'],
    ['stopping', crash, 'down'],
    ['down', crash, undefined],
    ['starting', stop, 'stopping'],
    ['up', stop, 'stopping'],
    ['crashed', stop, 'down'],
    ['down', stop, undefined],
    ['complete', stop, undefined],
  ])('%s + %o → %s', (state, event, expected) => {
    expect(nextDynoState(state, event)).toBe(expected);
  });
});

describe('loggedTransition', () => {
  it.each<[DynoState, DynoState, ReturnType<typeof loggedTransition>]>([
    ['starting', 'up', { from: 'starting', to: 'up' }],
    ['up', 'stopping', { from: 'up', to: 'down' }], // Heroku: "State changed from up to down"
    ['stopping', 'down', undefined],
    ['up', 'crashed', { from: 'up', to: 'crashed' }],
  ])('%s → %s', (from, to, expected) => {
    expect(loggedTransition(from, to)).toEqual(expected);
  });
});
