import { describe, expect, it } from 'vitest';
import { shouldUseColor } from '../../../src/cli/color.js';
import { collectList, parsePort, parseSeconds } from '../../../src/cli/options.js';
import { HdevError } from '../../../src/errors.js';

describe('parseSeconds', () => {
  it.each([
    ['60', 60_000],
    ['0.5', 500],
    ['1.25', 1_250],
  ])('%s → %i ms', (value, ms) => {
    expect(parseSeconds('--timeout', value)).toBe(ms);
  });
  it.each(['0', '-1', 'abc', '', 'Infinity'])('rejects %j with an HdevError', (value) => {
    expect(() => parseSeconds('--timeout', value)).toThrow(HdevError);
  });
});

describe('parsePort', () => {
  it('accepts 1024..65535', () => {
    expect(parsePort('--port', '5006')).toBe(5006);
  });
  it.each([
    ['abc', '--port: "abc" is not a port number'],
    ['80', '--port: 80 is a privileged port (below 1024)'],
    ['70000', '--port: 70000 is above the highest port, 65535'],
    ['50.5', '--port: "50.5" is not a port number'],
  ])('rejects %s', (value, message) => {
    expect(() => parsePort('--port', value)).toThrow(message);
  });
});

describe('collectList', () => {
  it('splits commas and accumulates repeated flags', () => {
    expect(collectList('a.env, b.env', undefined)).toEqual(['a.env', 'b.env']);
    expect(collectList('c.env', ['a.env'])).toEqual(['a.env', 'c.env']);
  });
});

describe('shouldUseColor', () => {
  it.each<[boolean, Record<string, string>, boolean]>([
    [true, {}, true],
    [false, {}, false],
    [true, { TERM: 'dumb' }, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [false, { FORCE_COLOR: '1' }, true],
    [false, { FORCE_COLOR: '' }, true],
    [true, { FORCE_COLOR: '0' }, false],
    [false, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ])('tty=%s env=%j → %s', (isTTY, env, expected) => {
    expect(shouldUseColor({ isTTY }, env)).toBe(expected);
  });
});
