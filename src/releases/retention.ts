// What the release history keeps. Every save under `hdev start` can be a release, so a history
// kept whole grows without end: at 5,000 releases with their config vars the ledger was 12 MB,
// rewritten at every release (250 ms of a blocked event loop per write). Heroku keeps an app's
// whole release list, but it keeps the config vars and code only where it can roll back to them;
// hdev does the same, and lists the newest MAX_KEPT_RELEASES. Pure.
import type { ProcessType } from '../domain/app-spec.js';
import type { Release } from '../domain/release.js';
import { currentRelease } from '../domain/release.js';

/** A release with what a rollback restores (the ledger's StoredRelease). */
interface RestorableRelease extends Release {
  readonly configVars: Readonly<Record<string, string>>;
  readonly processTypes?: readonly ProcessType[];
}

/** The releases hdev lists (`hdev releases`), newest first; older ones are forgotten. */
export const MAX_KEPT_RELEASES = 1000;

/**
 * Whether a release's config vars and process types may still be needed: it is pending (a push
 * waiting for a start), the current release (the next start compares against it), or one a
 * rollback can go back to (succeeded, its slug kept).
 */
function needsContent(release: RestorableRelease, currentVersion: number | undefined): boolean {
  return (
    release.status === 'pending' ||
    release.version === currentVersion ||
    (release.status === 'succeeded' && release.slug !== undefined)
  );
}

/** `release` without the config vars and process types no rollback can use any more. */
function slim<T extends RestorableRelease>(release: T): T {
  if (Object.keys(release.configVars).length === 0 && release.processTypes === undefined)
    return release;
  const slimmed: { -readonly [K in keyof RestorableRelease]?: RestorableRelease[K] } = {
    ...release,
    configVars: {},
  };
  delete slimmed.processTypes;
  return slimmed as T;
}

/**
 * The history to keep: content only where it may be needed, and the newest `limit` releases
 * plus any older one whose content is needed (never a release a rollback could go back to).
 */
export function retainedReleases<T extends RestorableRelease>(
  releases: readonly T[],
  limit: number = MAX_KEPT_RELEASES,
): T[] {
  const currentVersion = currentRelease(releases)?.version;
  const newest = new Set(
    releases
      .map((release) => release.version)
      .sort((a, b) => b - a)
      .slice(0, limit),
  );
  return releases
    .filter((release) => newest.has(release.version) || needsContent(release, currentVersion))
    .map((release) => (needsContent(release, currentVersion) ? release : slim(release)));
}
