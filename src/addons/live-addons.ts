// `addons:create` and `addons:destroy` on an app whose `hdev start` runs: as on Heroku, the
// add-on is attached (or detached) at once and the app gets a release, `Attach DATABASE
// (@ref:postgresql-curly-12345)`, that restarts its dynos with the new config vars. The running
// start owns the servers and the releases, so the command asks it over the control socket.
import { resolve } from 'node:path';
import { sendRequest } from '../control/client.js';
import type { DeployResult } from '../control/protocol.js';
import { appSocketPath } from '../control/socket-path.js';
import { displayPath } from '../config/load-app.js';
import type { Release } from '../domain/release.js';

async function ask(
  appRoot: string,
  command: 'attach-addon' | 'detach-addon',
  name: string,
): Promise<Release | undefined> {
  const root = resolve(appRoot);
  const result = (await sendRequest(
    appSocketPath(root),
    { command, name },
    { appLabel: displayPath(root) },
  )) as DeployResult;
  return result.release;
}

/** The running start starts the add-on's server, sets its config vars and releases. */
export function attachToRunningStart(appRoot: string, name: string): Promise<Release | undefined> {
  return ask(appRoot, 'attach-addon', name);
}

/** The running start unsets the add-on's config vars, releases and stops its server. */
export function detachFromRunningStart(
  appRoot: string,
  name: string,
): Promise<Release | undefined> {
  return ask(appRoot, 'detach-addon', name);
}

/** `done, v4` as `heroku addons:create` and `config:set` end their line, or why it failed. */
export function releaseOutcome(release: Release | undefined): string {
  if (release === undefined) return 'done';
  return release.status === 'failed'
    ? `done, but release v${release.version} failed: ${release.failure ?? 'see hdev logs'}`
    : `done, v${release.version}`;
}
