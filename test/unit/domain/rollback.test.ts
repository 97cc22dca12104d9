import { describe, expect, it } from 'vitest';
import type { Release, ReleaseStatus } from '../../../src/domain/release.js';
import { rollbackTarget } from '../../../src/domain/release.js';

function release(version: number, status: ReleaseStatus, slug = true): Release {
  return {
    version,
    description: `v${version}`,
    status,
    createdAt: version,
    ...(slug ? { slug: { id: `s${version}`, sizeBytes: 1 } } : {}),
  };
}

const HISTORY = [
  release(1, 'expired'),
  release(2, 'succeeded'),
  release(3, 'failed'),
  release(4, 'succeeded', false),
  release(5, 'succeeded'),
  release(6, 'pending'),
];

describe('rollbackTarget', () => {
  it.each([
    { wanted: undefined, expected: { ok: true, version: 2 } },
    { wanted: 2, expected: { ok: true, version: 2 } },
    { wanted: 5, expected: { ok: true, version: 5 } },
    { wanted: 1, expected: { ok: false, reason: 'v1 is expired: its slug was pruned' } },
    { wanted: 3, expected: { ok: false, reason: 'v3 failed' } },
    { wanted: 4, expected: { ok: false, reason: 'v4 never went live' } },
    { wanted: 6, expected: { ok: false, reason: 'v6 never went live' } },
    { wanted: 7, expected: { ok: false, reason: 'there is no release v7' } },
  ])('v$wanted', ({ wanted, expected }) => {
    const target = rollbackTarget(HISTORY, wanted);
    expect(target.ok ? { ok: true, version: target.release.version } : target).toEqual(expected);
  });

  it('has nothing to go back to with a single release', () => {
    expect(rollbackTarget([release(1, 'succeeded')], undefined)).toEqual({
      ok: false,
      reason: 'there is no earlier release to roll back to',
    });
  });
});
