// The deployer's memory of releases: the ledger's history (when there is one) plus this run's
// releases, each written through to the ledger as it is added or settled.
import type { Release } from '../domain/release.js';
import { currentRelease, nextReleaseVersion } from '../domain/release.js';
import type { Clock } from '../time/clock.js';
import type { ReleaseLedger, StoredRelease } from './ledger.js';
import { publicRelease } from './ledger.js';
import { retainedReleases } from './retention.js';

/** A release being made: its number is taken, its status and code are not final yet. */
export type NewRelease = Omit<StoredRelease, 'createdAt'>;

/** What a release left pending by an hdev that died is, when the next one reads the ledger. */
const INTERRUPTED = 'hdev stopped before the release went live';

export class ReleaseHistory {
  #releases: StoredRelease[];

  #ledgerFailed = false;

  constructor(
    private readonly clock: Clock,
    private readonly ledger: ReleaseLedger | undefined,
    /** Told once when the ledger cannot be written (a full disk): releases go on in memory. */
    private readonly onLedgerError: (message: string) => void = () => undefined,
  ) {
    this.#releases = ledger === undefined ? [] : this.#recover(ledger);
  }

  /** A pending release of a dead hdev never went live, unless it is a push waiting for a start. */
  #recover(ledger: ReleaseLedger): StoredRelease[] {
    const stale = (release: StoredRelease): boolean =>
      release.status === 'pending' && !(release.commit !== undefined && release.slug !== undefined);
    const settle = (releases: StoredRelease[]): StoredRelease[] =>
      releases.map((release) =>
        stale(release) ? { ...release, status: 'failed', failure: INTERRUPTED } : release,
      );
    const releases = ledger.read();
    if (!releases.some(stale)) return releases;
    try {
      return ledger.update(settle);
    } catch (error) {
      this.#ledgerFailed = true;
      this.onLedgerError(
        `${(error as Error).message}; this run's releases are kept in memory only`,
      );
      return settle(releases);
    }
  }

  list(): Release[] {
    return this.#releases.map(publicRelease);
  }

  stored(version: number): StoredRelease | undefined {
    return this.#releases.find((release) => release.version === version);
  }

  current(): StoredRelease | undefined {
    const current = currentRelease(this.#releases);
    return current === undefined ? undefined : this.stored(current.version);
  }

  /** A push recorded while no `hdev start` ran: the next start releases it. */
  waitingPush(): StoredRelease | undefined {
    const newest = this.#releases.reduce<StoredRelease | undefined>(
      (found, release) =>
        found === undefined || release.version > found.version ? release : found,
      undefined,
    );
    return newest?.status === 'pending' && newest.commit !== undefined ? newest : undefined;
  }

  nextVersion(): number {
    return nextReleaseVersion(this.#releases);
  }

  record(release: NewRelease): Release {
    const full: StoredRelease = { ...release, createdAt: this.clock.now() };
    this.#put(full);
    return publicRelease(full);
  }

  /** A pending release gets its final status (and, for a waiting push, its config vars). */
  settle(version: number, outcome: Partial<Pick<StoredRelease, 'status' | 'failure'>>): Release {
    const pending = this.stored(version);
    if (pending === undefined) throw new Error(`no release v${version} to settle`);
    const settled: StoredRelease = { ...pending, ...outcome };
    this.#put(settled);
    return publicRelease(settled);
  }

  /** Releases whose slug was pruned can no longer be rolled back to: Heroku's `expired`. */
  expire(slugIds: ReadonlySet<string>): void {
    const expiring = (release: StoredRelease): boolean =>
      release.slug !== undefined && slugIds.has(release.slug.id) && release.status === 'succeeded';
    this.#put(
      ...this.#releases
        .filter(expiring)
        .map((release) => ({ ...release, status: 'expired' as const })),
    );
  }

  /** Adds or replaces releases by version, in memory and in the ledger (one write for all). */
  #put(...changed: StoredRelease[]): void {
    if (changed.length === 0) return;
    const replace = (releases: StoredRelease[]): StoredRelease[] => [
      ...releases.map(
        (entry) => changed.find((release) => release.version === entry.version) ?? entry,
      ),
      ...changed.filter((release) => !releases.some((entry) => entry.version === release.version)),
    ];
    this.#releases = retainedReleases(replace(this.#releases));
    try {
      this.ledger?.update(replace);
    } catch (error) {
      if (this.#ledgerFailed) return;
      this.#ledgerFailed = true;
      const message = error instanceof Error ? error.message : String(error);
      this.onLedgerError(`${message}; this run's releases are kept in memory only`);
    }
  }
}
