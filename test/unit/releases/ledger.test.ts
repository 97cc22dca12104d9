import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReleaseLedger, publicRelease, type StoredRelease } from '../../../src/releases/ledger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function ledger(): ReleaseLedger {
  const dir = mkdtempSync(join(tmpdir(), 'hdev-ledger-'));
  dirs.push(dir);
  return new ReleaseLedger(join(dir, 'app', 'releases.json'));
}

const V1: StoredRelease = {
  version: 1,
  description: 'Initial release',
  status: 'succeeded',
  createdAt: 1,
  configVars: { SECRET: 's3cret' },
  processTypes: [{ name: 'web', command: 'node server.js', line: 1 }],
  slug: { id: 's1', sizeBytes: 10 },
};

describe('ReleaseLedger', () => {
  it('keeps releases across instances, one per version, in a file only its owner reads', () => {
    const first = ledger();
    expect(first.read()).toEqual([]);
    first.put(V1);
    first.put({ ...V1, version: 2, status: 'pending' });
    first.put({ ...V1, version: 2, status: 'failed', failure: 'boom' });
    const again = new ReleaseLedger(first.file);
    expect(again.read().map((release) => [release.version, release.status])).toEqual([
      [1, 'succeeded'],
      [2, 'failed'],
    ]);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
  });

  it('says which file is broken and what to do', () => {
    const broken = ledger();
    broken.put(V1);
    writeFileSync(broken.file, '{"releases": [');
    expect(() => broken.read()).toThrow(/cannot read the release ledger .*releases\.json/);
  });

  it('skips entries that are not releases rather than trusting them', () => {
    const odd = ledger();
    odd.put(V1);
    const text = JSON.parse(readFileSync(odd.file, 'utf8')) as { releases: unknown[] };
    text.releases.push({ version: 'two' }, null);
    writeFileSync(odd.file, JSON.stringify(text));
    expect(odd.read()).toHaveLength(1);
  });

  it('keeps each release output, and gives clients releases without config vars', () => {
    const kept = ledger();
    kept.appendOutput(1, 'app[build]: one\n');
    kept.appendOutput(1, 'app[build]: two\n');
    expect(kept.output(1)).toBe('app[build]: one\napp[build]: two\n');
    expect(kept.output(2)).toBeUndefined();
    expect(publicRelease(V1)).toEqual({
      version: 1,
      description: 'Initial release',
      status: 'succeeded',
      createdAt: 1,
      slug: { id: 's1', sizeBytes: 10 },
    });
  });
});
