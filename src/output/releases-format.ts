// `hdev releases`: the release ledger as heroku/cli prints it.
import type { Release } from '../domain/release.js';
import { currentRelease, newestFirst } from '../domain/release.js';
import { formatPsTime } from './ps-format.js';

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

/** `hdev releases:info`, shaped like heroku/cli's: a header, then aligned fields. */
export function formatReleaseInfo(
  release: Release,
  current: boolean,
  now: number,
  utcOffsetMinutes: number,
): string {
  const fields: [string, string | undefined][] = [
    ['Change', release.description],
    ['Status', current ? `${release.status} (current)` : release.status],
    ['When', formatPsTime(release.createdAt, now, utcOffsetMinutes)],
    ['Commit', release.commit],
    [
      'Slug',
      release.slug === undefined
        ? undefined
        : `${release.slug.id} (${(release.slug.sizeBytes / (1024 * 1024)).toFixed(1)} MiB)`,
    ],
    ['Rollback of', release.rollbackOf === undefined ? undefined : `v${release.rollbackOf}`],
    ['Failure', release.failure],
  ];
  const shown = fields.filter((field): field is [string, string] => field[1] !== undefined);
  const width = Math.max(...shown.map(([name]) => name.length)) + 1;
  return [
    `=== Release v${release.version}`,
    '',
    ...shown.map(([name, value]) => `${`${name}:`.padEnd(width)} ${value}`),
    '',
  ].join('\n');
}
