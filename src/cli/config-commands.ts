// `hdev config`, `config:get`, `config:set`, `config:unset` and `hdev releases`: Heroku's
// config var commands over the app's env files. Setting or unsetting edits only the lines of
// the keys, one edit at a time and atomically (config/env-file-store.ts), then, when `hdev
// start` runs for the app, releases the change and restarts, as Heroku does.
import { join, resolve } from 'node:path';
import { sendRequest } from '../control/client.js';
import type { DeployResult, ReleasesResult } from '../control/protocol.js';
import { appSocketPath } from '../control/socket-path.js';
import type { AppLocation } from '../config/load-app.js';
import { displayPath, loadApp } from '../config/load-app.js';
import {
  configKeyProblem,
  parseAssignments,
  setConfigVars,
  unsetConfigVars,
} from '../config/env-editor.js';
import { editEnvFile } from '../config/env-file-store.js';
import { formatReleases } from '../output/releases-format.js';
import { HdevError } from '../errors.js';
import { localUtcOffsetMinutes } from '../output/ps-format.js';

export type ConfigFormat = 'text' | 'json' | 'shell';

function appConfig(location: AppLocation): ReturnType<typeof loadApp> {
  return loadApp({ ...location, procfileOptional: true }, {});
}

/** POSIX shell quoting, for `-s` output that can be sourced. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function runConfig(location: AppLocation, format: ConfigFormat): number {
  const vars = appConfig(location).configVars.values;
  const keys = Object.keys(vars);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(vars, null, 2)}\n`);
  } else if (format === 'shell') {
    for (const key of keys) process.stdout.write(`${key}=${shellQuote(vars[key] ?? '')}\n`);
  } else {
    // heroku config: `=== app Config Vars`, then `KEY: value` with the values lined up.
    const width = Math.max(0, ...keys.map((key) => key.length + 1));
    process.stdout.write('=== Config Vars\n');
    for (const key of keys) process.stdout.write(`${`${key}:`.padEnd(width)} ${vars[key] ?? ''}\n`);
  }
  return 0;
}

export function runConfigGet(location: AppLocation, key: string, shell: boolean): number {
  const value = appConfig(location).configVars.values[key];
  // heroku config:get prints an empty line for a key that is not set.
  process.stdout.write(shell ? `${key}=${shellQuote(value ?? '')}\n` : `${value ?? ''}\n`);
  return 0;
}

/**
 * The file `config:set` writes: the last env file given with -e (the one that wins), as loadApp
 * resolved it, else `.env` in the app root.
 */
function targetEnvFile(
  location: AppLocation,
  app: { root: string; envFiles: readonly string[] },
): string {
  const defaulted = location.envFiles === undefined || location.envFiles.length === 0;
  return (defaulted ? undefined : app.envFiles[app.envFiles.length - 1]) ?? join(app.root, '.env');
}

export async function runConfigSet(
  location: AppLocation,
  args: readonly string[],
): Promise<number> {
  const parsed = parseAssignments(args);
  if (!parsed.ok) throw new HdevError(parsed.message, { hint: parsed.hint });
  const { app, file } = writeConfigVars(location, parsed.vars);
  const keys = [...parsed.vars.keys()].join(', ');
  await announce(app, `Setting ${keys}`, displayPath(file));
  return 0;
}

/** `config:set`'s edit, without the release: also the dashboard's (which then deploys itself). */
export function writeConfigVars(
  location: AppLocation,
  vars: ReadonlyMap<string, string>,
): { readonly app: ReturnType<typeof loadApp>; readonly file: string } {
  const app = appConfig(location);
  const file = targetEnvFile(location, app);
  editEnvFile({
    path: file,
    shown: displayPath(file),
    edit: (before) => setConfigVars(before, vars),
    createMissing: true,
  });
  return { app, file };
}

/** `config:unset`'s edit, without the release: a key goes from every env file. */
export function removeConfigVars(
  location: AppLocation,
  keys: readonly string[],
): ReturnType<typeof loadApp> {
  const app = appConfig(location);
  for (const file of app.envFiles) {
    editEnvFile({
      path: file,
      shown: displayPath(file),
      edit: (before) => unsetConfigVars(before, keys),
      createMissing: false,
    });
  }
  return app;
}

export async function runConfigUnset(
  location: AppLocation,
  keys: readonly string[],
): Promise<number> {
  if (keys.length === 0)
    throw new HdevError('no config var given', { hint: 'For example: hdev config:unset FOO BAR' });
  for (const key of keys) {
    const problem = configKeyProblem(key);
    if (problem !== undefined) throw new HdevError(problem);
  }
  // A key may be set in any of the env files; unset means gone from all of them.
  const app = removeConfigVars(location, keys);
  await announce(app, `Unsetting ${keys.join(', ')}`, 'the env files');
  return 0;
}

/** Releases the change through a running `hdev start`, as Heroku restarts the app. */
async function announce(
  app: { readonly root: string; readonly name: string },
  action: string,
  where: string,
): Promise<void> {
  const root = app.root;
  const path = appSocketPath(root);
  let result: DeployResult;
  try {
    result = (await sendRequest(
      path,
      { command: 'deploy' },
      { appLabel: displayPath(root) },
    )) as DeployResult;
  } catch (error) {
    if (error instanceof HdevError && error.exitCode === 1 && /no hdev start/.test(error.message)) {
      process.stdout.write(`${action} in ${where}... done (no hdev start is running to restart)\n`);
      return;
    }
    throw error;
  }
  const release = result.release;
  const outcome =
    release === undefined
      ? 'done, no change'
      : release.status === 'succeeded'
        ? `done, v${release.version}`
        : `failed, v${release.version}: ${release.failure ?? 'see hdev logs'}`;
  process.stdout.write(`${action} and restarting ${app.name}... ${outcome}\n`);
}

export async function runReleases(location: { appDir?: string }, json: boolean): Promise<number> {
  const root = location.appDir ?? '.';
  const path = appSocketPath(resolve(root));
  const result = (await sendRequest(
    path,
    { command: 'releases' },
    { appLabel: displayPath(root) },
  )) as ReleasesResult;
  if (json) {
    process.stdout.write(`${JSON.stringify(result.releases, null, 2)}\n`);
    return 0;
  }
  const now = Date.now();
  process.stdout.write(formatReleases(result.releases, now, localUtcOffsetMinutes(now)));
  return 0;
}
