// `hdev releases`, `releases:info`, `releases:output` and `releases:rollback`. The history is the
// ledger in hdev's data folder, so it reads the same with or without a running `hdev start`; a
// rollback needs one (it restarts dynos), and streams the release phase as heroku/cli does.
import { resolve } from 'node:path';
import type { Release } from '../../domain/release.js';
import { currentRelease } from '../../domain/release.js';
import type { ReleasesResult } from '../../control/protocol.js';
import { HdevError } from '../../errors.js';
import { formatReleaseInfo, formatReleases } from '../../output/releases-format.js';
import { localUtcOffsetMinutes } from '../../output/ps-format.js';
import { publicRelease } from '../../releases/ledger.js';
import { releaseLedger } from '../release-storage.js';
import { request, type ControlLocation } from './request.js';

/** The releases of the running start, or, with none running, those its ledger kept. */
async function readReleases(location: ControlLocation): Promise<readonly Release[]> {
  try {
    return ((await request(location, { command: 'releases' })) as ReleasesResult).releases;
  } catch (error) {
    if (!(error instanceof HdevError) || error.code !== 'no-hdev-start') throw error;
    return releaseLedger(resolve(location.appDir ?? '.'), process.env)
      .read()
      .map(publicRelease);
  }
}

export async function runReleases(location: ControlLocation, json: boolean): Promise<number> {
  const releases = await readReleases(location);
  if (json) {
    process.stdout.write(`${JSON.stringify(releases, null, 2)}\n`);
    return 0;
  }
  const now = Date.now();
  process.stdout.write(formatReleases(releases, now, localUtcOffsetMinutes(now)));
  return 0;
}

/** `v3`, `3` → 3; undefined → the current release. */
export function parseReleaseVersion(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^v?(\d{1,9})$/i.exec(text.trim());
  if (match?.[1] === undefined || Number(match[1]) < 1) {
    throw new HdevError(`"${text}" is not a release`, {
      hint: 'Name a release as `hdev releases` lists it, for example v3.',
    });
  }
  return Number(match[1]);
}

function findRelease(releases: readonly Release[], version: number | undefined): Release {
  const release =
    version === undefined
      ? currentRelease(releases)
      : releases.find((candidate) => candidate.version === version);
  if (release === undefined) {
    throw new HdevError(
      version === undefined ? 'this app has no release yet' : `there is no release v${version}`,
      { hint: 'See `hdev releases`.' },
    );
  }
  return release;
}

export async function runReleaseInfo(
  location: ControlLocation,
  versionText: string | undefined,
  json: boolean,
): Promise<number> {
  const releases = await readReleases(location);
  const release = findRelease(releases, parseReleaseVersion(versionText));
  const current = currentRelease(releases)?.version === release.version;
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...release, current }, null, 2)}\n`);
    return 0;
  }
  const now = Date.now();
  process.stdout.write(formatReleaseInfo(release, current, now, localUtcOffsetMinutes(now)));
  return 0;
}

export async function runReleaseOutput(
  location: ControlLocation,
  versionText: string | undefined,
): Promise<number> {
  const releases = await readReleases(location);
  const release = findRelease(releases, parseReleaseVersion(versionText));
  const output = releaseLedger(resolve(location.appDir ?? '.'), process.env).output(
    release.version,
  );
  // heroku/cli: `Release v3 has no release output available.`
  if (output === undefined || output === '') {
    process.stdout.write(`Release v${release.version} has no output available.\n`);
    return 0;
  }
  process.stdout.write(output);
  return 0;
}

/**
 * heroku/cli `releases:rollback`: `Rolling back <app> to vN... done, vM`, the release command's
 * output, the warning about add-ons, and how to undo.
 */
export async function runRollback(
  location: ControlLocation,
  versionText: string | undefined,
): Promise<number> {
  const version = parseReleaseVersion(versionText);
  const target = version === undefined ? 'the previous release' : `v${version}`;
  process.stdout.write(`Rolling back to ${target}...\n`);
  const result = (await request(
    location,
    version === undefined ? { command: 'rollback' } : { command: 'rollback', version },
    {
      onLog: (entries) => {
        for (const entry of entries)
          process.stdout.write(`${entry.source}[${entry.dyno}]: ${entry.line}\n`);
      },
    },
  )) as { release: Release };
  const release = result.release;
  if (release.status !== 'succeeded') {
    process.stdout.write(
      `Rollback failed, v${release.version}: ${release.failure ?? release.status}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `${release.description}... done, v${release.version}\n` +
      "Rollback affects code and config vars; it doesn't add or remove addons.\n" +
      `To undo, run: hdev releases:rollback v${release.version - 1}\n`,
  );
  return 0;
}
