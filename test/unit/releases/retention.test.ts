import { describe, expect, it } from 'vitest';
import type { StoredRelease } from '../../../src/releases/ledger.js';
import { retainedReleases } from '../../../src/releases/retention.js';

const CONTENT = {
  configVars: { SECRET: 's3cret' },
  processTypes: [{ name: 'web', command: 'node server.js', line: 1 }],
};

/** `v3:succeeded+slug` → a release with content; `+slug` gives it a kept slug. */
function release(spec: string): StoredRelease {
  const [version, rest = ''] = spec.slice(1).split(':');
  const [status, slug] = rest.split('+');
  return {
    version: Number(version),
    description: 'Deploy',
    status: status as StoredRelease['status'],
    createdAt: Number(version),
    ...CONTENT,
    ...(slug === 'slug' ? { slug: { id: `s${version}`, sizeBytes: 1 } } : {}),
  };
}

/** What is kept, as `v3:full` (content kept) or `v3:slim` (config vars and types dropped). */
function shape(releases: readonly StoredRelease[]): string[] {
  return releases.map(
    (entry) =>
      `v${entry.version}:${Object.keys(entry.configVars).length > 0 && entry.processTypes !== undefined ? 'full' : 'slim'}`,
  );
}

describe('retainedReleases', () => {
  it.each<[string, string[], number, string[]]>([
    [
      'a rollback target, the current release and a pending push keep their content',
      ['v1:succeeded+slug', 'v2:succeeded+slug', 'v3:pending+slug'],
      10,
      ['v1:full', 'v2:full', 'v3:full'],
    ],
    [
      'failed and expired releases lose it',
      ['v1:expired+slug', 'v2:failed+slug', 'v3:succeeded+slug', 'v4:failed'],
      10,
      ['v1:slim', 'v2:slim', 'v3:full', 'v4:slim'],
    ],
    [
      'without slugs (--no-slugs), only the current release keeps it',
      ['v1:succeeded', 'v2:succeeded', 'v3:failed'],
      10,
      ['v1:slim', 'v2:full', 'v3:slim'],
    ],
    [
      'past the limit the oldest go, unless a rollback could need them',
      ['v1:succeeded+slug', 'v2:expired+slug', 'v3:failed', 'v4:succeeded', 'v5:succeeded'],
      2,
      ['v1:full', 'v4:slim', 'v5:full'],
    ],
    [
      'the limit counts by version, not by place in the file',
      ['v5:succeeded', 'v1:failed', 'v4:failed', 'v2:failed'],
      2,
      ['v5:full', 'v4:slim'],
    ],
  ])('%s', (_name, releases, limit, expected) => {
    expect(shape(retainedReleases(releases.map(release), limit))).toEqual(expected);
  });

  it('keeps everything else of a slimmed release', () => {
    const [slimmed] = retainedReleases([release('v1:failed+slug'), release('v2:succeeded')]);
    expect(slimmed).toEqual({
      version: 1,
      description: 'Deploy',
      status: 'failed',
      createdAt: 1,
      configVars: {},
      slug: { id: 's1', sizeBytes: 1 },
    });
  });
});
