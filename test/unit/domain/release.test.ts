import { describe, expect, it } from 'vitest';
import type { Release, ReleaseStatus } from '../../../src/domain/release.js';
import {
  configChangeDescription,
  currentRelease,
  deployDescription,
  nextReleaseVersion,
} from '../../../src/domain/release.js';
import { formatReleases } from '../../../src/output/releases-format.js';

const MINUTE = 60_000;
const NOW = Date.parse('2026-11-23T18:05:00Z');

function release(
  version: number,
  description: string,
  status: ReleaseStatus,
  minutesAgo: number,
  failure?: string,
): Release {
  return { version, description, status, createdAt: NOW - minutesAgo * MINUTE, failure };
}

describe('deployDescription', () => {
  it.each<[number, string]>([
    [0, 'Deploy (0 files changed)'],
    [1, 'Deploy (1 file changed)'],
    [3, 'Deploy (3 files changed)'],
  ])('%i', (count, expected) => {
    expect(deployDescription(count)).toBe(expected);
  });
});

describe('configChangeDescription: Heroku’s API log wording', () => {
  it.each<[string, Record<string, string>, Record<string, string>, string | undefined]>([
    ['one added', {}, { FOO: '1' }, 'Set FOO config vars'],
    ['one changed', { FOO: '1' }, { FOO: '2' }, 'Set FOO config vars'],
    [
      'several, in the order of after',
      { A: '1' },
      { FOO: '1', A: '2', BAR: '3' },
      'Set FOO, A, BAR config vars',
    ],
    ['one removed', { FOO: '1', A: '1' }, { A: '1' }, 'Remove FOO config vars'],
    [
      'several removed, in the order of before',
      { B: '1', A: '1', C: '1' },
      { C: '1' },
      'Remove B, A config vars',
    ],
    [
      'set and removed',
      { OLD: '1', A: '1' },
      { A: '2', NEW: '1' },
      'Set A, NEW config vars; Remove OLD config vars',
    ],
    ['set to the empty string', { A: '1' }, { A: '' }, 'Set A config vars'],
    ['nothing changed', { A: '1', B: '2' }, { B: '2', A: '1' }, undefined],
    ['both empty', {}, {}, undefined],
  ])('%s', (_name, before, after, expected) => {
    expect(configChangeDescription(before, after)).toBe(expected);
  });
});

describe('currentRelease: the newest that succeeded', () => {
  it.each<[string, Release[], number | undefined]>([
    ['none', [], undefined],
    ['the newest', [release(1, 'a', 'succeeded', 3), release(2, 'b', 'succeeded', 2)], 2],
    ['not a failed one', [release(1, 'a', 'succeeded', 3), release(2, 'b', 'failed', 2)], 1],
    ['not a pending one', [release(2, 'b', 'pending', 2), release(1, 'a', 'succeeded', 3)], 1],
    ['out of order input', [release(3, 'c', 'succeeded', 1), release(1, 'a', 'succeeded', 3)], 3],
    ['only failed ones', [release(1, 'a', 'failed', 3)], undefined],
  ])('%s', (_name, releases, version) => {
    expect(currentRelease(releases)?.version).toBe(version);
  });
});

describe('nextReleaseVersion', () => {
  it.each<[string, Release[], number]>([
    ['the first is v1', [], 1],
    ['after the highest', [release(2, 'b', 'succeeded', 1), release(1, 'a', 'succeeded', 2)], 3],
    ['failed releases count', [release(1, 'a', 'succeeded', 2), release(2, 'b', 'failed', 1)], 3],
  ])('%s', (_name, releases, expected) => {
    expect(nextReleaseVersion(releases)).toBe(expected);
  });
});

describe('formatReleases: `heroku releases`', () => {
  it.each<[string, Release[], number, string]>([
    ['no releases', [], 0, 'This app has no releases.\n'],
    [
      'one release',
      [release(1, 'Deploy (1 file changed)', 'succeeded', 5)],
      0,
      '=== Releases - Current: v1\nv1  Deploy (1 file changed)  succeeded  2026/11/23 18:00:00 +0000 (~ 5m ago)\n',
    ],
    [
      'newest first, columns aligned, failure after the time',
      [
        release(9, 'Deploy (3 files changed)', 'succeeded', 120),
        release(10, 'Set FOO config vars', 'succeeded', 60),
        release(11, 'Deploy (1 file changed)', 'failed', 1, 'release command exited with status 1'),
        release(12, 'Remove FOO config vars', 'pending', 0),
      ],
      0,
      [
        '=== Releases - Current: v10',
        'v12  Remove FOO config vars    pending    2026/11/23 18:05:00 +0000 (~ 0s ago)',
        'v11  Deploy (1 file changed)   failed     2026/11/23 18:04:00 +0000 (~ 1m ago)  release command exited with status 1',
        'v10  Set FOO config vars       succeeded  2026/11/23 17:05:00 +0000 (~ 1h ago)',
        'v9   Deploy (3 files changed)  succeeded  2026/11/23 16:05:00 +0000 (~ 2h ago)',
        '',
      ].join('\n'),
    ],
    [
      'a failed release without a reason',
      [release(1, 'Deploy (1 file changed)', 'failed', 2)],
      0,
      '=== Releases\nv1  Deploy (1 file changed)  failed  2026/11/23 18:03:00 +0000 (~ 2m ago)\n',
    ],
    [
      'the time in the given UTC offset',
      [release(1, 'Set A config vars', 'succeeded', 5)],
      -300,
      '=== Releases - Current: v1\nv1  Set A config vars  succeeded  2026/11/23 13:00:00 -0500 (~ 5m ago)\n',
    ],
  ])('%s', (_name, releases, offset, expected) => {
    expect(formatReleases(releases, NOW, offset)).toBe(expected);
  });
});
