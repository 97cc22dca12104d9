// Releases, as Heroku numbers them: every deploy and every config var change makes a new one
// (v1, v2, …), and a release whose release-phase command fails never becomes current
// (Dev Center: Releases, Release Phase). Scaling is not a release.

/**
 * The Platform API's release `status`. `expired`: the release's slug was pruned, so it can no
 * longer be rolled back to (Heroku expires old releases' slugs the same way).
 */
export type ReleaseStatus = 'pending' | 'succeeded' | 'failed' | 'expired';

/** The code a release runs: an immutable snapshot of the app, built once (Heroku's slug). */
export interface SlugRef {
  readonly id: string;
  /** The apparent size of its files; Heroku limits a slug to 500 MB (compressed). */
  readonly sizeBytes: number;
}

export interface Release {
  /** 1 for the first release, then one more for each. */
  readonly version: number;
  /** `Deploy (3 files changed)`, `Set FOO config vars`. */
  readonly description: string;
  readonly status: ReleaseStatus;
  /** ms since the epoch. */
  readonly createdAt: number;
  /** Why a failed release failed (`release command exited with status 1`). */
  readonly failure?: string;
  /** Its code; a config change shares the slug of the release before it. */
  readonly slug?: SlugRef;
  /** The commit a `git push` deployed (full id); absent for a deploy of the working tree. */
  readonly commit?: string;
  /** A rollback names the release whose slug and config vars it restored. */
  readonly rollbackOf?: number;
}

/** Heroku's `Rollback to v46`. */
export function rollbackDescription(version: number): string {
  return `Rollback to v${version}`;
}

/** Heroku describes a pushed deploy by its short commit: `Deploy de63889`. */
export function commitDeployDescription(commit: string): string {
  return `Deploy ${commit.slice(0, 7)}`;
}

/**
 * The release `releases:rollback [vN]` goes back to. With no version, the newest release before
 * the current one that can be rolled back to (heroku/cli picks the previous release that is
 * `eligible_for_rollback`): it succeeded, and its slug is kept.
 */
export function rollbackTarget(
  releases: readonly Release[],
  wanted: number | undefined,
):
  | { readonly ok: true; readonly release: Release }
  | { readonly ok: false; readonly reason: string } {
  if (wanted === undefined) {
    const current = currentRelease(releases)?.version ?? 0;
    const previous = newestFirst(releases).find(
      (release) => release.version < current && isRollbackTarget(release),
    );
    return previous === undefined
      ? { ok: false, reason: 'there is no earlier release to roll back to' }
      : { ok: true, release: previous };
  }
  const release = releases.find((candidate) => candidate.version === wanted);
  if (release === undefined) return { ok: false, reason: `there is no release v${wanted}` };
  if (release.status === 'expired')
    return { ok: false, reason: `v${wanted} is expired: its slug was pruned` };
  if (!isRollbackTarget(release))
    return {
      ok: false,
      reason: `v${wanted} ${release.status === 'failed' ? 'failed' : 'never went live'}`,
    };
  return { ok: true, release };
}

function isRollbackTarget(release: Release): boolean {
  return release.status === 'succeeded' && release.slug !== undefined;
}

/**
 * Heroku describes a deploy by its commit (`Deploy de63889`); hdev deploys the working tree, so it
 * says how much changed instead.
 */
export function deployDescription(changedFiles: number): string {
  return `Deploy (${changedFiles} ${changedFiles === 1 ? 'file' : 'files'} changed)`;
}

/**
 * Heroku's API log wording: `Set FOO, BAR config vars` for added or changed keys (in the order of
 * `after`), `Remove FOO config vars` for removed ones (in the order of `before`); undefined when
 * nothing changed. Heroku makes one release per `config:set` or `config:unset`; an edited env file
 * can do both at once, and hdev makes one release joining both with `; `.
 */
export function configChangeDescription(
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): string | undefined {
  const set = Object.keys(after).filter(
    (key) => !Object.hasOwn(before, key) || before[key] !== after[key],
  );
  const removed = Object.keys(before).filter((key) => !Object.hasOwn(after, key));
  const parts = [
    ...(set.length > 0 ? [`Set ${set.join(', ')} config vars`] : []),
    ...(removed.length > 0 ? [`Remove ${removed.join(', ')} config vars`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}

export function newestFirst(releases: readonly Release[]): Release[] {
  return [...releases].sort((a, b) => b.version - a.version);
}

/** The release the app runs: the newest that succeeded (Heroku's `current: true`). */
export function currentRelease(releases: readonly Release[]): Release | undefined {
  return newestFirst(releases).find((release) => release.status === 'succeeded');
}

/** The version the next release gets: failed releases use up their number too, as on Heroku. */
export function nextReleaseVersion(releases: readonly Release[]): number {
  return releases.reduce((highest, release) => Math.max(highest, release.version), 0) + 1;
}
