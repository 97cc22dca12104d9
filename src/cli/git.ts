// `hdev git:remote` (Heroku's `heroku git:remote`: a remote to push the app to) and
// `hdev git:receive`, which the remote's pre-receive hook runs on every push.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { realAppRoot } from '../addons/registry.js';
import { HdevError } from '../errors.js';
import { ensureAppRepository } from '../git/app-repository.js';
import type { GitEnv } from '../git/git-command.js';
import {
  commitExists,
  isRepositoryVariable,
  quarantineEnv,
  runGit,
  runGitOrFail,
} from '../git/git-command.js';
import { receivePush } from '../git/receive.js';
import type { PushDeploy } from '../releases/push-deploy.js';

export const DEFAULT_REMOTE = 'hdev';

export interface GitRemoteOptions {
  readonly appDir?: string;
  readonly remote: string;
}

/** Adds (or points again) the remote in the app's repository; prints what Heroku's CLI prints. */
export async function runGitRemote(
  options: GitRemoteOptions,
  env: GitEnv = process.env,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const appRoot = await appWorkTree(options.appDir);
  const { gitDir } = await ensureAppRepository(appRoot, env);
  const existing = await runGit(['remote', 'get-url', options.remote], { cwd: appRoot });
  const verb = existing.exitCode === 0 ? 'set-url' : 'add';
  await runGitOrFail(['remote', verb, options.remote, gitDir], { cwd: appRoot });
  // heroku/cli src/commands/git/remote.ts: `set git remote heroku to <url>`.
  write(`set git remote ${options.remote} to ${gitDir}`);
  write(`Deploy with: git push ${options.remote} ${await pushSpec(appRoot)}`);
  return 0;
}

/** The app root, which must be the top of a git work tree: a push deploys the repository's root. */
async function appWorkTree(appDir: string | undefined): Promise<string> {
  const appRoot = realAppRoot(resolve(appDir ?? '.'));
  if (!existsSync(appRoot) || !statSync(appRoot).isDirectory()) {
    throw new HdevError(`the app directory ${appRoot} does not exist`, {
      hint: 'Give the app root with -d/--app-dir, or run the command there.',
    });
  }
  const top = await runGit(['rev-parse', '--show-toplevel'], { cwd: appRoot });
  if (top.exitCode !== 0) {
    throw new HdevError(`${appRoot} is not a git repository`, {
      hint: 'A push deploys the app’s committed files, as on Heroku: run `git init`, then `git add . && git commit -m "First commit"` there, then `hdev git:remote` again.',
    });
  }
  const topLevel = realAppRoot(top.stdout.trim());
  if (topLevel !== appRoot) {
    throw new HdevError(`${appRoot} is inside the git repository ${topLevel}, not at its top`, {
      hint: `A push deploys the whole repository with its root as the app, as on Heroku: run hdev in ${topLevel}, or give the app its own repository (git init).`,
    });
  }
  return appRoot;
}

/** `main`, or `BRANCH:main` when the current branch has another name (Heroku builds only main). */
async function pushSpec(appRoot: string): Promise<string> {
  const head = await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: appRoot });
  const branch = head.exitCode === 0 ? head.stdout.trim() : '';
  if (branch === 'main' || branch === 'master') return branch;
  return branch === '' ? 'HEAD:main' : `${branch}:main`;
}

export interface GitReceiveOptions {
  readonly appDir: string;
}

/** The pre-receive hook's work: 0 accepts the push, 1 declines it. */
export async function runGitReceive(
  options: GitReceiveOptions,
  deploy: PushDeploy,
): Promise<number> {
  if (process.stdin.isTTY) {
    throw new HdevError('git:receive reads the refs git hands a pre-receive hook on stdin', {
      hint: 'git runs it on a push: run `hdev git:remote`, then `git push hdev main`.',
    });
  }
  const input = await readStdin();
  // Git runs a bare repository's hook in the repository, with GIT_DIR=. (githooks(5)).
  const gitDir = resolve(process.env.GIT_DIR ?? '.');
  const gitEnv = quarantineEnv(process.env);
  // The deploy's own children (a build, the dynos) must not inherit GIT_DIR=. and the
  // quarantine: git would look for a repository in their working directory.
  for (const name of Object.keys(process.env)) {
    if (isRepositoryVariable(name)) Reflect.deleteProperty(process.env, name);
  }
  const accepted = await receivePush(
    { appRoot: realAppRoot(resolve(options.appDir)), gitDir, input, gitEnv },
    { deploy, commitExists, write: (line) => process.stdout.write(`${line}\n`) },
  );
  return accepted ? 0 : 1;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
