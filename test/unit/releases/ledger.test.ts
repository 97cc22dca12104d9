import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReleaseLedger, publicRelease, type StoredRelease } from '../../../src/releases/ledger.js';
import { ReleaseHistory } from '../../../src/releases/release-history.js';
import { MAX_KEPT_RELEASES } from '../../../src/releases/retention.js';
import type { Clock } from '../../../src/time/clock.js';

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

  it('forgets the oldest releases past its limit with their output, but not a rollback target', () => {
    const long = ledger();
    const failed = (version: number): StoredRelease => ({
      ...V1,
      version,
      status: 'failed',
      failure: 'boom',
    });
    for (const version of [1, 2, 3, 4, 5]) long.appendOutput(version, `output of v${version}\n`);
    long.update(() => [
      V1, // a rollback target: kept however old
      ...Array.from({ length: MAX_KEPT_RELEASES + 3 }, (_, index) => failed(index + 2)),
    ]);
    const kept = long.read();
    expect(kept).toHaveLength(MAX_KEPT_RELEASES + 1);
    expect(kept.map((release) => release.version).slice(0, 2)).toEqual([1, 5]);
    expect(long.output(1)).toBe('output of v1\n');
    expect([2, 3, 4].map((version) => long.output(version))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(long.output(5)).toBe('output of v5\n');
    // A failed release can never be rolled back to: its config vars are not kept.
    expect(kept[1]?.configVars).toEqual({});
    expect(kept[0]?.configVars).toEqual(V1.configVars);
  });

  it('says which ledger it cannot write and why, and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdev-ledger-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'not-a-folder'), '');
    const blocked = new ReleaseLedger(join(dir, 'not-a-folder', 'releases.json'));
    expect(() => blocked.put(V1)).toThrow(/cannot write the release ledger .*not-a-folder/);
  });
});

describe('ReleaseHistory', () => {
  it('expires many releases in one ledger write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdev-ledger-'));
    dirs.push(dir);
    let writes = 0;
    class CountingLedger extends ReleaseLedger {
      override update(change: (releases: StoredRelease[]) => StoredRelease[]): StoredRelease[] {
        writes++;
        return super.update(change);
      }
    }
    const counted = new CountingLedger(join(dir, 'app', 'releases.json'));
    const history = new ReleaseHistory({ now: () => 5 } as Clock, counted);
    for (const version of [1, 2, 3, 4])
      history.record({ ...V1, version, slug: { id: `s${version}`, sizeBytes: 1 } });
    writes = 0;
    history.expire(new Set(['s1', 's2', 's3']));
    expect(writes).toBe(1);
    expect(counted.read().map((release) => release.status)).toEqual([
      'expired',
      'expired',
      'expired',
      'succeeded',
    ]);
    expect(history.stored(1)?.configVars).toEqual({}); // memory keeps what the ledger keeps
  });

  it('goes on in memory when the ledger cannot be written, and says so once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdev-ledger-'));
    dirs.push(dir);
    const told: string[] = [];
    const history = new ReleaseHistory(
      { now: () => 5 } as Clock,
      new ReleaseLedger(join(dir, 'app', 'releases.json')),
      (message) => told.push(message),
    );
    history.record({ ...V1, status: 'pending' });
    // The folder goes and a file takes its name: every later write fails.
    rmSync(join(dir, 'app'), { recursive: true });
    writeFileSync(join(dir, 'app'), '');
    history.settle(1, { status: 'succeeded' });
    history.record({ ...V1, version: 2, status: 'succeeded' });
    expect(history.list()).toMatchObject([
      { version: 1, status: 'succeeded' },
      { version: 2, status: 'succeeded' },
    ]);
    expect(told).toEqual([
      expect.stringMatching(/^cannot write the release ledger .*kept in memory only$/),
    ]);
  });
});
