// `hdev git:remote` and a real `git push` to it: the hook runs hdev, its lines reach the pusher
// as `remote: ...`, and git accepts or declines the push on its answer.
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitExists } from '../../src/git/git-command.js';
import { makeGitSandbox, type GitSandbox } from '../helpers/git-sandbox.js';
import { HDEV_BIN, runHdev } from '../helpers/hdev.js';

const GIT_LIMIT_MS = 45_000;

let sandbox: GitSandbox;

beforeEach(() => {
  sandbox = makeGitSandbox();
});

afterEach(() => {
  sandbox.remove();
});

const git = (args: readonly string[], cwd?: string): Promise<Result> => sandbox.git(args, cwd);
const gitOk = (args: readonly string[], cwd?: string): Promise<string> => sandbox.gitOk(args, cwd);
const hdev = (args: readonly string[], cwd?: string): Promise<Result> => sandbox.hdev(args, cwd);
const commitApp = (): Promise<string> =>
  sandbox.commitApp({ Procfile: 'web: node server.js\n', 'server.js': 'console.log("up")\n' });
const addRemote = (): Promise<string> => sandbox.addRemote();

describe('hdev git:remote', () => {
  it('creates the app’s bare repository in hdev’s data folder and adds the remote', async () => {
    await commitApp();
    const result = await hdev(['git:remote']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const gitDir = await gitOk(['remote', 'get-url', 'hdev']);
    expect(gitDir).toMatch(new RegExp(`^${sandbox.data}/hdev/apps/[0-9a-f]{16}/repo\\.git$`));
    expect(String(result.stdout).split('\n')).toEqual([
      `set git remote hdev to ${gitDir}`,
      'Deploy with: git push hdev main',
    ]);
    expect(await gitOk(['rev-parse', '--is-bare-repository'], gitDir)).toBe('true');
    accessSync(join(gitDir, 'hooks', 'pre-receive'), constants.X_OK);
  });

  it('updates an existing remote instead of failing, under the name given with -r', async () => {
    await commitApp();
    await gitOk(['remote', 'add', 'staging', '/nowhere/else.git']);
    const first = await hdev(['git:remote', '-r', 'staging']);
    expect(first.exitCode, String(first.stderr)).toBe(0);
    const hook = join(await gitOk(['remote', 'get-url', 'staging']), 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\nexec /old/node /old/hdev git:receive\n');
    const second = await hdev(['git:remote', '--remote', 'staging']);
    expect(second.exitCode, String(second.stderr)).toBe(0);
    const gitDir = await gitOk(['remote', 'get-url', 'staging']);
    expect(gitDir).toMatch(/\/repo\.git$/);
    expect(String(second.stdout)).toContain(`set git remote staging to ${gitDir}`);
    expect(String(second.stdout)).toContain('git push staging main');
    expect(await gitOk(['remote'])).toBe('staging');
    expect(readFileSync(hook, 'utf8')).toContain(
      `exec '${process.execPath}' '${HDEV_BIN}' 'git:receive'`,
    );
  });

  it('tells how to push a branch with another name to main', async () => {
    await commitApp();
    await gitOk(['checkout', '--quiet', '-b', 'develop']);
    const result = await hdev(['git:remote']);
    expect(String(result.stdout)).toContain('Deploy with: git push hdev develop:main');
  });

  it('says to run git init in an app directory that is not a git repository', async () => {
    const result = await hdev(['git:remote']);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toContain(`hdev: ${sandbox.app} is not a git repository`);
    expect(String(result.stderr)).toContain('git init');
    expect(String(result.stderr)).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('says to install git when there is none', async () => {
    await commitApp();
    const result = await runHdev(['git:remote'], {
      cwd: sandbox.app,
      env: { ...sandbox.env, PATH: join(sandbox.root, 'no-bin') },
      timeout: GIT_LIMIT_MS,
    });
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toContain('hdev: git is not installed');
    expect(String(result.stderr)).toContain('Install git');
  });

  it('refuses an app directory below the top of its repository', async () => {
    await commitApp();
    const sub = join(sandbox.app, 'web');
    mkdirSync(sub);
    const result = await hdev(['git:remote', '-d', sub]);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toContain(`${sub} is inside the git repository ${sandbox.app}`);
  });
});

describe('git push to the hdev remote', () => {
  it('runs the build in the hook: its lines arrive as remote:, and a failed build declines the push', async () => {
    const commit = await sandbox.commitApp({
      Procfile: 'web: node server.js\n',
      'server.js': 'console.log("up")\n',
      'package.json': JSON.stringify({ scripts: { build: 'echo compiling assets; exit 3' } }),
    });
    const gitDir = await addRemote();
    const push = await git(['push', 'hdev', 'main']);
    const output = String(push.stderr);
    expect(push.exitCode, output).not.toBe(0);
    expect(output).toMatch(/^remote: Building source:/m);
    // The build ran in the hook, on the quarantined commit, and its output reached the pusher.
    expect(output).toMatch(/^remote: {8}compiling assets/m);
    expect(output).toMatch(/^remote: -----> Build failed: `npm run build` exited with status 3/m);
    expect(output).toMatch(/^remote: {2}! {5}Push rejected to app\./m);
    expect(output).toContain('! [remote rejected] main -> main (pre-receive hook declined)');
    expect(output).not.toContain('is not in');
    // Declined: the ref is not updated and the objects left with the quarantine.
    expect(
      (await git(['rev-parse', '--verify', '--quiet', 'refs/heads/main'], gitDir)).exitCode,
    ).toBe(1);
    expect(await commitExists(gitDir, commit, {})).toBe(false);
  });

  it('accepts a push to another branch without building it', async () => {
    const commit = await commitApp();
    const gitDir = await addRemote();
    const push = await git(['push', 'hdev', 'main:feature']);
    const output = String(push.stderr);
    expect(push.exitCode, output).toBe(0);
    expect(output).toMatch(
      /^remote: Pushed to branch other than \[main, master\], skipping build\./m,
    );
    expect(output).not.toContain('Building source');
    expect(await gitOk(['rev-parse', 'refs/heads/feature'], gitDir)).toBe(commit);
    expect(await commitExists(gitDir, commit, {})).toBe(true);
    expect(await commitExists(gitDir, randomBytes(20).toString('hex'), {})).toBe(false);

    const deletion = await git(['push', 'hdev', ':feature']);
    expect(deletion.exitCode, String(deletion.stderr)).toBe(0);
    expect(String(deletion.stderr)).not.toContain('remote:');
  });

  it('declines deleting main, as Heroku does', async () => {
    await commitApp();
    const gitDir = await addRemote();
    // Put a main there behind the hook's back, as an earlier accepted deploy would have.
    rmSync(join(gitDir, 'hooks', 'pre-receive'));
    await gitOk(['push', '--quiet', 'hdev', 'main']);
    await hdev(['git:remote']); // puts the hook back
    const deletion = await git(['push', 'hdev', ':main']);
    expect(deletion.exitCode).not.toBe(0);
    expect(String(deletion.stderr)).toMatch(
      /^remote: {2}! {5}Push rejected, cannot delete main branch/m,
    );
    expect(String(deletion.stderr)).toContain('(pre-receive hook declined)');
  });
});
