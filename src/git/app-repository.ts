// The app's hdev git remote: a bare repository in hdev's per-app data folder,
// `<data>/apps/<app id>/repo.git`, the local stand-in for `https://git.heroku.com/APP.git`. Its
// pre-receive hook runs `hdev git:receive`, so a push is built while git waits, as on Heroku.
import { chmodSync, existsSync, mkdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appDataDirectory, makeAppDataDirectory, realAppRoot } from '../addons/registry.js';
import { HdevError } from '../errors.js';
import type { GitEnv } from './git-command.js';
import { runGitOrFail } from './git-command.js';

/** How to run the hdev that is running now: the hook starts the same one. */
export interface HdevInvocation {
  /** The Node binary (`process.execPath`). */
  readonly node: string;
  /** hdev's entry script (`bin/hdev`), its real path: npm's bin link may move, the package not. */
  readonly entry: string;
}

export interface AppRepository {
  readonly gitDir: string;
  /** False when it existed already (its hook is rewritten all the same). */
  readonly created: boolean;
}

export function appRepositoryPath(appDir: string, env: GitEnv): string {
  return join(appDataDirectory(appDir, env), 'repo.git');
}

export function currentInvocation(
  argv: readonly string[] = process.argv,
  node: string = process.execPath,
): HdevInvocation {
  const entry = argv[1];
  if (entry === undefined) throw new HdevError('cannot tell which script runs hdev (no argv[1])');
  try {
    return { node, entry: realpathSync(entry) };
  } catch {
    throw new HdevError(`cannot find hdev's own entry script ${entry}`, {
      hint: 'Run hdev through its installed `hdev` command, then run the command again.',
    });
  }
}

/** One word for sh, whatever it holds: single quotes, with each `'` closed, escaped, reopened. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The pre-receive hook: git feeds it the pushed refs on stdin and declines the push on non-zero. */
export function preReceiveHook(invocation: HdevInvocation, appRoot: string): string {
  const command = [invocation.node, invocation.entry, 'git:receive', '--app-dir', appRoot];
  const moved = ` !     hdev or its Node moved (${invocation.entry}, ${invocation.node}): run \`hdev git:remote\` again in ${appRoot}.`;
  return [
    '#!/bin/sh',
    '# Written by `hdev git:remote`: a push to this repository is deployed by hdev, the way',
    '# Heroku builds a push. Run `hdev git:remote` again after moving or upgrading hdev.',
    `if [ ! -f ${shellQuote(invocation.entry)} ] || [ ! -x ${shellQuote(invocation.node)} ]; then`,
    `  printf '%s\\n' ${shellQuote(moved)} >&2`,
    '  exit 1',
    'fi',
    `exec ${command.map(shellQuote).join(' ')}`,
    '',
  ].join('\n');
}

/** Creates the app's bare repository if needed and (re)writes its hook for the running hdev. */
export async function ensureAppRepository(
  appDir: string,
  env: GitEnv,
  invocation: HdevInvocation = currentInvocation(),
): Promise<AppRepository> {
  const appRoot = realAppRoot(appDir);
  const gitDir = appRepositoryPath(appRoot, env);
  const created = !existsSync(join(gitDir, 'HEAD'));
  if (created) {
    makeAppDataDirectory(appDataDirectory(appRoot, env));
    // Deletions are not denied here: the hook refuses to delete main or master, as Heroku does,
    // and lets other branches go.
    await runGitOrFail(['init', '--bare', '--quiet', '--initial-branch=main', gitDir]);
  }
  writeHook(join(gitDir, 'hooks', 'pre-receive'), preReceiveHook(invocation, appRoot));
  return { gitDir, created };
}

/** Written aside and renamed: a push running meanwhile sees the old hook or the new one. */
function writeHook(path: string, script: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, script);
  chmodSync(temporary, 0o755); // the umask may have taken the execute bits
  renameSync(temporary, path);
}
