// Releases, as Heroku numbers them: every deploy and every config var change makes a new one
// (v1, v2, …), and a release whose release-phase command fails never becomes current
// (Dev Center: Releases, Release Phase). Scaling is not a release.

/** The Platform API's release `status`, less `expired` (hdev keeps every release's code). */
export type ReleaseStatus = 'pending' | 'succeeded' | 'failed';

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
