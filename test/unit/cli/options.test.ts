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
  it.each([
    ['0.001', 1],
    ['2147483', 2_147_483_000],
    ['2147483.647', 2 ** 31 - 1],
    ['1e3', 1_000_000],
    [' 30 ', 30_000],
  ])('%j → %i ms (the ends of the range a timer holds)', (value, ms) => {
    expect(parseSeconds('--timeout', value)).toBe(ms);
  });
  it.each([
    '0',
    '-1',
    'abc',
    '',
    'Infinity',
    '-Infinity',
    'NaN',
    '1e400',
    '0.0001',
    '2147483.648',
    '9999999',
    '99999999999',
    '0x10',
    '5s',
  ])('rejects %j with the allowed range and exit code 2', (value) => {
    const error = (() => {
      try {
        parseSeconds('--router-timeout', value);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(HdevError);
    expect((error as HdevError).exitCode).toBe(2);
    expect((error as HdevError).message).toBe(
      `--router-timeout must be a number of seconds from 0.001 to 2147483, not "${value}"`,
    );
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
