// Timestamps: Heroku's UTC form with microseconds, foreman's local clock time.
import { describe, expect, it } from 'vitest';
import { formatClockTime, formatHerokuTimestamp } from '../../../src/logs/timestamp.js';

const SECOND = Date.UTC(2026, 10, 23, 18, 0, 0);

describe('formatHerokuTimestamp', () => {
  it.each<[string, number, string]>([
    ['whole second', SECOND, '2026-11-23T18:00:00.000000+00:00'],
    ['microseconds', SECOND + 123.456, '2026-11-23T18:00:00.123456+00:00'],
    ['one microsecond', SECOND + 0.001, '2026-11-23T18:00:00.000001+00:00'],
    ['milliseconds only', SECOND + 7, '2026-11-23T18:00:00.007000+00:00'],
    ['never rounds into the next second', SECOND + 999.9998, '2026-11-23T18:00:00.999999+00:00'],
    ['end of year', Date.UTC(2026, 11, 31, 23, 59, 59) + 500, '2026-12-31T23:59:59.500000+00:00'],
  ])('%s', (_name, ms, expected) => {
    expect(formatHerokuTimestamp(ms)).toBe(expected);
  });

  it('moves on when the second changes, and back', () => {
    expect(formatHerokuTimestamp(SECOND + 1000)).toBe('2026-11-23T18:00:01.000000+00:00');
    expect(formatHerokuTimestamp(SECOND + 2500)).toBe('2026-11-23T18:00:02.500000+00:00');
    expect(formatHerokuTimestamp(SECOND + 1)).toBe('2026-11-23T18:00:00.001000+00:00');
  });
});

describe('formatClockTime', () => {
  it.each<[string, number, string]>([
    ['padded', new Date(2026, 10, 23, 9, 5, 7, 999).getTime(), '09:05:07'],
    ['afternoon', new Date(2026, 10, 23, 18, 30, 0, 0).getTime(), '18:30:00'],
    ['midnight', new Date(2026, 10, 24, 0, 0, 0, 1).getTime(), '00:00:00'],
    ['same second again', new Date(2026, 10, 24, 0, 0, 0, 500).getTime(), '00:00:00'],
  ])('%s', (_name, ms, expected) => {
    expect(formatClockTime(ms)).toBe(expected);
  });
});
