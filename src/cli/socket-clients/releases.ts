// `hdev releases`: the releases of the running `hdev start`, newest first, as `heroku releases`.
import type { ReleasesResult } from '../../control/protocol.js';
import { formatReleases } from '../../output/releases-format.js';
import { localUtcOffsetMinutes } from '../../output/ps-format.js';
import { request, type ControlLocation } from './request.js';

export async function runReleases(location: ControlLocation, json: boolean): Promise<number> {
  const result = (await request(location, { command: 'releases' })) as ReleasesResult;
  if (json) {
    process.stdout.write(`${JSON.stringify(result.releases, null, 2)}\n`);
    return 0;
  }
  const now = Date.now();
  process.stdout.write(formatReleases(result.releases, now, localUtcOffsetMinutes(now)));
  return 0;
}
