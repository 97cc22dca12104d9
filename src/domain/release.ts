// Releases, as Heroku numbers them: every deploy and every config var change makes a new one
// (v1, v2, …), and a release whose release-phase command fails never becomes current
// (Dev Center: Releases, Release Phase). Scaling is not a release.
import { formatPsTime } from '../output/ps-format.js';

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

function newestFirst(releases: readonly Release[]): Release[] {
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

/**
 * `hdev releases`, shaped like `heroku releases`: a `=== … Releases - Current: vN` header, then
 * newest first, one aligned row each. heroku/cli shows the status only when it is not `succeeded`
 * (`release command failed`) and a user column; hdev has no users and shows every status, then the
 * time as `heroku ps` shows it, then the failure reason.
 */
export function formatReleases(
  releases: readonly Release[],
  now: number,
  utcOffsetMinutes: number,
): string {
  // heroku/cli: `<app> has no releases.`
  if (releases.length === 0) return 'This app has no releases.\n';
  const current = currentRelease(releases);
  const header = `=== Releases${current === undefined ? '' : ` - Current: v${current.version}`}`;
  const rows = newestFirst(releases).map((release) => ({
    version: `v${release.version}`,
    description: release.description,
    status: release.status,
    time: formatPsTime(release.createdAt, now, utcOffsetMinutes),
    failure: release.status === 'failed' ? release.failure : undefined,
  }));
  const width = (column: 'version' | 'description' | 'status'): number =>
    Math.max(...rows.map((row) => row[column].length));
  const lines = rows.map((row) =>
    [
      row.version.padEnd(width('version')),
      row.description.padEnd(width('description')),
      row.status.padEnd(width('status')),
      row.time,
      ...(row.failure === undefined || row.failure === '' ? [] : [row.failure]),
    ].join('  '),
  );
  return `${[header, ...lines].join('\n')}\n`;
}
