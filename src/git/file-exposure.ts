// Whether git would share a file: an env file holds config vars (a generated secret, an
// add-on's password), and Heroku's advice for `heroku local` is to keep `.env` out of git. hdev
// writes such values there, so it says when git tracks the file, or would take it with the next
// `git add .`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { displayPath } from '../config/load-app.js';
import { gitChildEnv } from './git-command.js';

/** `tracked`: committed (or staged); `unignored`: in a repository, and not ignored. */
export type GitExposure = 'tracked' | 'unignored' | 'private';

function git(args: readonly string[], cwd: string): number | null {
  return spawnSync('git', args, {
    cwd,
    env: gitChildEnv(process.env), // the app's own repository, whatever a hook's git variables say
    stdio: 'ignore',
    timeout: 10_000,
  }).status;
}

/** How exposed `file` is in the repository around `cwd` (private outside one, or without git). */
export function gitExposure(file: string, cwd: string): GitExposure {
  if (existsSync(file) && git(['ls-files', '--error-unmatch', '--', file], cwd) === 0)
    return 'tracked';
  // check-ignore: 0 ignored, 1 not ignored, 128 not a repository (or no git at all).
  return git(['check-ignore', '-q', '--no-index', '--', file], cwd) === 1 ? 'unignored' : 'private';
}

/** The warning for secrets (`what`) just written to `file`, when git would share it. */
export function exposureWarning(
  file: string,
  exposure: GitExposure,
  what: string,
): string | undefined {
  const shown = displayPath(file);
  if (exposure === 'tracked')
    return `${shown} is committed to git, and now holds ${what}: do not commit this change (Heroku keeps config vars out of the repository)`;
  if (exposure === 'unignored')
    return `${shown} holds ${what} and git does not ignore it: add ${shown} to .gitignore, so that git add . does not commit it`;
  return undefined;
}
