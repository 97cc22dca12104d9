// `hdev config:set` and `config:unset`. Setting or unsetting edits only the lines of the keys,
// one edit at a time and atomically (config/env-file-store.ts), then, when `hdev start` runs for
// the app, releases the change and restarts, as Heroku does.
import { join } from 'node:path';
import type { DeployResult } from '../../control/protocol.js';
import type { AppLocation } from '../../config/load-app.js';
import { displayPath } from '../../config/load-app.js';
import {
  configKeyProblem,
  parseAssignments,
  setConfigVars,
  unsetConfigVars,
} from '../../config/env-editor.js';
import { editEnvFile } from '../../config/env-file-store.js';
import { HdevError } from '../../errors.js';
import { request } from '../socket-clients/request.js';
import { appConfig } from './app-config.js';

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
): { readonly app: ReturnType<typeof appConfig>; readonly file: string } {
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
): ReturnType<typeof appConfig> {
  const app = appConfig(location);
  // A key may be set in any of the env files; unset means gone from all of them.
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
  let result: DeployResult;
  try {
    result = (await request({ appDir: app.root }, { command: 'deploy' })) as DeployResult;
  } catch (error) {
    if (error instanceof HdevError && error.code === 'no-hdev-start') {
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
