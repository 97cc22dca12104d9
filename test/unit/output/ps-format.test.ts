import { describe, expect, it } from 'vitest';
import type { DynoState } from '../../../src/domain/dyno-state.js';
import type { PsDyno } from '../../../src/output/ps-format.js';
import {
  formatPs,
  formatPsAddons,
  formatPsTime,
  localUtcOffsetMinutes,
} from '../../../src/output/ps-format.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const NOW = Date.parse('2026-11-23T18:05:00Z');
const BOOT = Date.parse('2026-11-23T18:00:00Z');
const TYPES = ['web', 'worker', 'clock'];

function dyno(
  name: string,
  state: DynoState,
  stateSince: number,
  command = `node ${name.split('.')[0] ?? ''}.js`,
  oneOff = false,
): PsDyno {
  return { name, type: name.split('.')[0] ?? '', command, state, stateSince, oneOff };
}

function oneOff(name: string, state: DynoState, stateSince: number, command: string): PsDyno {
  return dyno(name, state, stateSince, command, true);
}

describe('formatPsTime: the clock in the given UTC offset (strftime %Y/%m/%d %H:%M:%S %z)', () => {
  it.each<[string, number, string]>([
    ['2026-11-23T18:00:00Z', 0, '2026/11/23 18:00:00 +0000'],
    ['2026-11-23T18:00:00Z', -300, '2026/11/23 13:00:00 -0500'],
    ['2026-11-23T18:00:00Z', 330, '2026/11/23 23:30:00 +0530'],
    ['2026-11-23T18:00:00Z', -210, '2026/11/23 14:30:00 -0330'],
    ['2026-11-23T18:00:00Z', 345, '2026/11/23 23:45:00 +0545'],
    ['2026-11-23T20:00:00Z', 300, '2026/11/24 01:00:00 +0500'], // next day
    ['2026-01-01T02:00:00Z', -300, '2025/12/31 21:00:00 -0500'], // previous year
    ['2026-03-05T07:08:09.999Z', 0, '2026/03/05 07:08:09 +0000'], // zero-padded, truncated
  ])('%s at %i', (iso, offset, clock) => {
    const ms = Date.parse(iso);
    expect(formatPsTime(ms, ms, offset)).toBe(`${clock} (~ 0s ago)`);
  });
});

describe('formatPsTime: how long ago, floored like heroku/cli ago()', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [999, '0s'],
    [SECOND, '1s'],
    [59 * SECOND + 999, '59s'],
    [MINUTE, '1m'],
    [5 * MINUTE + 59 * SECOND, '5m'],
    [HOUR - 1, '59m'],
    [HOUR, '1h'],
    [2 * HOUR + 59 * MINUTE, '2h'],
    [DAY - 1, '23h'],
    [DAY, '24h'], // heroku/cli counts hours up to 25
    [25 * HOUR - 1, '24h'],
    [25 * HOUR, '1d'],
    [2 * DAY - 1, '1d'],
    [2 * DAY, '2d'],
    [400 * DAY, '400d'],
    [-5 * SECOND, '0s'], // a clock that went backwards
  ])('%i ms → %s', (elapsed, ago) => {
    expect(formatPsTime(NOW - elapsed, NOW, 0)).toMatch(new RegExp(` \\(~ ${ago} ago\\)$`));
  });

  it('is the whole line', () => {
    expect(formatPsTime(BOOT, NOW, 0)).toBe('2026/11/23 18:00:00 +0000 (~ 5m ago)');
    expect(formatPsTime(BOOT, NOW, -300)).toBe('2026/11/23 13:00:00 -0500 (~ 5m ago)');
  });
});

describe('formatPs', () => {
  it("prints Heroku's layout: one-offs first, then the Procfile's types", () => {
    const dynos = [
      dyno('worker.1', 'up', BOOT),
      dyno('web.2', 'crashed', Date.parse('2026-11-23T18:03:10Z')),
      oneOff('run.4821', 'up', Date.parse('2026-11-23T18:04:00Z'), 'bash'),
      dyno('web.1', 'up', BOOT),
    ];
    expect(formatPs(dynos, NOW, 0, TYPES)).toBe(
      [
        '=== run: one-off processes (1)',
        'run.4821: up 2026/11/23 18:04:00 +0000 (~ 1m ago): bash',
        '',
        '=== web: node web.js (2)',
        'web.1: up 2026/11/23 18:00:00 +0000 (~ 5m ago)',
        'web.2: crashed 2026/11/23 18:03:10 +0000 (~ 1m ago)',
        '',
        '=== worker: node worker.js (1)',
        'worker.1: up 2026/11/23 18:00:00 +0000 (~ 5m ago)',
        '',
      ].join('\n'),
    );
  });

  it.each<[string, PsDyno[], string[], string[]]>([
    [
      'sorts by dyno number, not by name',
      [dyno('web.10', 'up', BOOT), dyno('web.2', 'up', BOOT), dyno('web.1', 'up', BOOT)],
      TYPES,
      ['=== web: node web.js (3)', 'web.1: up', 'web.2: up', 'web.10: up'],
    ],
    [
      'groups in typeOrder, not in the order given',
      [dyno('clock.1', 'up', BOOT), dyno('worker.1', 'up', BOOT), dyno('web.1', 'up', BOOT)],
      ['worker', 'web', 'clock'],
      [
        '=== worker: node worker.js (1)',
        'worker.1: up',
        '',
        '=== web: node web.js (1)',
        'web.1: up',
        '',
        '=== clock: node clock.js (1)',
        'clock.1: up',
      ],
    ],
    [
      'skips types without dynos',
      [dyno('clock.1', 'up', BOOT)],
      TYPES,
      ['=== clock: node clock.js (1)', 'clock.1: up'],
    ],
    [
      'lists types missing from typeOrder last, rather than hiding them',
      [dyno('old.1', 'stopping', BOOT), dyno('web.1', 'up', BOOT)],
      TYPES,
      ['=== web: node web.js (1)', 'web.1: up', '', '=== old: node old.js (1)', 'old.1: down'],
    ],
    [
      'shows stopping as down, as Heroku has no stopping state',
      [dyno('web.1', 'stopping', BOOT), dyno('web.2', 'starting', BOOT)],
      TYPES,
      ['=== web: node web.js (2)', 'web.1: down', 'web.2: starting'],
    ],
    [
      'shows every other state as it is',
      [
        dyno('web.1', 'up', BOOT),
        dyno('web.2', 'crashed', BOOT),
        dyno('web.3', 'down', BOOT),
        dyno('web.4', 'starting', BOOT),
      ],
      TYPES,
      ['=== web: node web.js (4)', 'web.1: up', 'web.2: crashed', 'web.3: down', 'web.4: starting'],
    ],
    [
      'puts every one-off dyno in the run group, sorted by number, with its command',
      [
        oneOff('run.9157', 'up', BOOT, 'bash'),
        oneOff('release.2817', 'complete', BOOT, 'node migrate.js'),
        oneOff('run.1203', 'stopping', BOOT, 'node console.js'),
      ],
      TYPES,
      [
        '=== run: one-off processes (3)',
        'run.1203: down: node console.js',
        'release.2817: complete: node migrate.js',
        'run.9157: up: bash',
      ],
    ],
  ])('%s', (_name, dynos, typeOrder, lines) => {
    // The times are checked above; here only names, states and commands matter.
    const withoutTimes = formatPs(dynos, NOW, 0, typeOrder).replace(
      / \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d [+-]\d{4} \(~ \w+ ago\)/g,
      '',
    );
    expect(withoutTimes).toBe(`${lines.join('\n')}\n`);
  });

  it('shows times in the given offset', () => {
    expect(formatPs([dyno('web.1', 'up', BOOT)], NOW, 330, TYPES)).toBe(
      '=== web: node web.js (1)\nweb.1: up 2026/11/23 23:30:00 +0530 (~ 5m ago)\n',
    );
  });

  it('says so when there are no dynos', () => {
    expect(formatPs([], NOW, 0, TYPES)).toBe('No dynos on this app.\n');
  });
});

describe('localUtcOffsetMinutes', () => {
  it("is the machine's offset, east of UTC positive", () => {
    expect(localUtcOffsetMinutes(NOW)).toBe(0 - new Date(NOW).getTimezoneOffset());
    expect(Object.is(localUtcOffsetMinutes(NOW), -0)).toBe(false);
  });
});

describe('formatPsAddons: the add-on servers after the dynos', () => {
  it('prints nothing for an app without add-ons', () => {
    expect(formatPsAddons([], NOW, 0)).toBe('');
  });

  it.each<[string, DynoState, number | undefined, string]>([
    [
      'DATABASE',
      'up',
      5433,
      'DATABASE (heroku-postgresql): up 2026/11/23 18:00:00 +0000 (~ 5m ago) port 5433',
    ],
    [
      'DATABASE',
      'stopping',
      undefined,
      'DATABASE (heroku-postgresql): down 2026/11/23 18:00:00 +0000 (~ 5m ago)',
    ],
  ])('%s %s', (name, state, port, line) => {
    const text = formatPsAddons(
      [{ name, service: 'heroku-postgresql', state, stateSince: BOOT, port }],
      NOW,
      0,
    );
    expect(text).toBe(`\n=== add-ons (1)\n${line}\n`);
  });
});
