import { describe, expect, it } from 'vitest';
import { formatClockTime } from '../../../src/logs/timestamp.js';
import type { UiLogLine } from '../../../src/ui/log-line.js';
import { logPrefix, prefixStyle, type PrefixStyle } from '../../../src/ui/log-prefix.js';
import { T0 } from '../../helpers/fake-engine.js';

function line(dyno: string, source: UiLogLine['source'] = 'app'): UiLogLine {
  return { time: T0, source, dyno, text: 'x' };
}

describe('prefixStyle', () => {
  it.each<[number, readonly string[], PrefixStyle]>([
    [80, ['web.1'], { nameWidth: 6, showTime: true }],
    [80, ['web.1', 'worker.1'], { nameWidth: 8, showTime: true }],
    [80, [], { nameWidth: 6, showTime: true }],
    [80, ['a'], { nameWidth: 6, showTime: true }],
    [80, ['a-very-long-process-type.1'], { nameWidth: 16, showTime: true }],
    [59, ['web.1'], { nameWidth: 6, showTime: false }],
  ])('%i columns, %j', (columns, names, expected) => {
    expect(prefixStyle(columns, names)).toEqual(expected);
  });
});

describe('logPrefix', () => {
  const time = formatClockTime(T0);
  it.each<[UiLogLine, PrefixStyle, string]>([
    [line('web.1'), { nameWidth: 8, showTime: true }, `${time} web.1    | `],
    [line('web.1', 'heroku'), { nameWidth: 5, showTime: true }, `${time} web.1 » `],
    [line('router', 'heroku'), { nameWidth: 6, showTime: false }, 'router » '],
    [line('release.2817'), { nameWidth: 8, showTime: false }, 'release… | '],
  ])('%j in %j', (logLine, style, expected) => {
    expect(logPrefix(logLine, style)).toBe(expected);
  });
});
