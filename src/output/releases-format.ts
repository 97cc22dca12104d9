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
