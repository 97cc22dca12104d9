// A git repository of its own for tests that push to hdev's git remote: a home, a data folder and
// an app in a temporary folder, so the user's git config never reaches git.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa, type Result } from 'execa';
import { expect } from 'vitest';
import { runHdev, testEnv } from './hdev.js';

const GIT_LIMIT_MS = 45_000;

export interface GitSandbox {
  readonly root: string;
  readonly app: string;
  readonly data: string;
  readonly env: Record<string, string>;
  git(args: readonly string[], cwd?: string): Promise<Result>;
  gitOk(args: readonly string[], cwd?: string): Promise<string>;
  hdev(args: readonly string[], cwd?: string): Promise<Result>;
  /** Writes `files` into the app, commits them on main (a repository made on first use); the commit. */
  commitApp(files: Readonly<Record<string, string>>, message?: string): Promise<string>;
  /** `hdev git:remote`; the bare repository's path. */
  addRemote(): Promise<string>;
  remove(): void;
}

export function makeGitSandbox(): GitSandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'hdev-git-')));
  const home = join(root, 'home');
  const data = join(root, 'data');
  const app = join(root, 'app');
  for (const dir of [home, data, app]) mkdirSync(dir);
  const inherited = Object.fromEntries(
    Object.entries(testEnv()).filter(([name]) => !name.startsWith('GIT_')),
  );
  const env: Record<string, string> = {
    ...inherited,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: data,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
  let initialised = false;
  const sandbox: GitSandbox = {
    root,
    app,
    data,
    env,
    git: (args, cwd = app) =>
      execa('git', args, { cwd, env, extendEnv: false, reject: false, timeout: GIT_LIMIT_MS }),
    async gitOk(args, cwd = app) {
      const result = await sandbox.git(args, cwd);
      expect(result.exitCode, `git ${args.join(' ')}: ${String(result.stderr)}`).toBe(0);
      return String(result.stdout).trim();
    },
    hdev: (args, cwd = app) => runHdev(args, { cwd, env, timeout: GIT_LIMIT_MS }),
    async commitApp(files, message = 'A commit') {
      if (!initialised) {
        await sandbox.gitOk(['init', '--quiet', '--initial-branch=main']);
        await sandbox.gitOk(['config', 'user.name', 'Test']);
        await sandbox.gitOk(['config', 'user.email', 'test@example.com']);
        initialised = true;
      }
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(app, path)), { recursive: true });
        writeFileSync(join(app, path), content);
      }
      await sandbox.gitOk(['add', '.']);
      await sandbox.gitOk(['commit', '--quiet', '-m', message]);
      return sandbox.gitOk(['rev-parse', 'HEAD']);
    },
    async addRemote() {
      const result = await sandbox.hdev(['git:remote']);
      expect(result.exitCode, String(result.stderr)).toBe(0);
      const match = /^set git remote hdev to (\/.*repo\.git)$/m.exec(String(result.stdout));
      expect(match, String(result.stdout)).not.toBeNull();
      return match?.[1] ?? '';
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  return sandbox;
}
