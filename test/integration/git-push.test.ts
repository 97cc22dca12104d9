// `git push hdev main` deploys the pushed commit, not the working tree: through a running hdev
// start (its build and release phase reach the pusher as `remote:` lines, a failed build keeps
// the running release), or, with none running, as a release the next hdev start puts live.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeGitSandbox, type GitSandbox } from '../helpers/git-sandbox.js';
import { HdevProcess } from '../helpers/hdev.js';
import { get, waitForBody } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';

let sandbox: GitSandbox;

beforeEach(() => {
  sandbox = makeGitSandbox();
});

afterEach(() => {
  sandbox.remove();
});

function server(version: string): string {
  return [
    "const { createServer } = require('node:http');",
    `const server = createServer((req, res) => res.end('${version}\\n'));`,
    'server.listen(Number(process.env.PORT));',
    "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
    '',
  ].join('\n');
}

const APP = {
  Procfile: 'web: node server.js\nrelease: echo migrating $DYNO\n',
  '.gitignore': 'node_modules\n',
};

async function body(port: number): Promise<string> {
  const reply = await get(port, '/').catch((error: unknown) => ({
    status: 0,
    body: String(error),
  }));
  return `${reply.status} ${reply.body.trim()}`;
}

function start(port: number): HdevProcess {
  return new HdevProcess(['start', '--no-tui', '--no-watch', '-p', String(port)], {
    cwd: sandbox.app,
    env: sandbox.env,
  });
}

describe('git push deploys', () => {
  it('builds and releases the pushed commit through a running hdev start, and a failed build keeps it serving', async () => {
    await sandbox.commitApp({ ...APP, 'server.js': server('one') });
    await sandbox.addRemote();
    const port = await freeBasePort();
    const hdev = start(port);
    await waitForBody(port, /^one$/);

    const pushed = await sandbox.commitApp({ 'server.js': server('pushed') });
    // The working tree differs from the commit: the push serves the commit.
    writeFileSync(join(sandbox.app, 'server.js'), server('uncommitted'));
    const push = await sandbox.git(['push', 'hdev', 'main']);
    const output = String(push.stderr);
    expect(push.exitCode, output).toBe(0);
    expect(output).toMatch(/^remote: -----> Build started for [0-9a-f]{7}/m);
    expect(output).toMatch(/^remote: -----> Slug compiled: /m);
    expect(output).toMatch(/^remote: {8}migrating release\.\d+/m);
    expect(output).toMatch(/^remote: {8}Released v2/m);
    expect(await body(port)).toBe('200 pushed');
    expect(await sandbox.gitOk(['rev-parse', 'hdev/main'])).toBe(pushed);

    await sandbox.commitApp({
      'server.js': server('broken'),
      'package.json': JSON.stringify({ scripts: { build: 'exit 7' } }),
    });
    const failed = await sandbox.git(['push', 'hdev', 'main']);
    expect(failed.exitCode, String(failed.stderr)).not.toBe(0);
    expect(String(failed.stderr)).toContain('(pre-receive hook declined)');
    expect(String(failed.stderr)).toMatch(/v3 failed: `npm run build` exited with status 7/);
    expect(await body(port)).toBe('200 pushed');

    const releases = await sandbox.hdev(['releases', '--json']);
    expect(JSON.parse(String(releases.stdout))).toMatchObject([
      { version: 1, status: 'succeeded' },
      { version: 2, description: `Deploy ${pushed.slice(0, 7)}`, commit: pushed },
      { version: 3, status: 'failed' },
    ]);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });

  it('without hdev start, records the pushed release for the next start', async () => {
    await sandbox.commitApp({ ...APP, 'server.js': server('one') });
    await sandbox.addRemote();
    const pushed = await sandbox.commitApp({ 'server.js': server('pushed offline') });
    writeFileSync(join(sandbox.app, 'server.js'), server('uncommitted'));
    const push = await sandbox.git(['push', 'hdev', 'main']);
    expect(push.exitCode, String(push.stderr)).toBe(0);
    expect(String(push.stderr)).toMatch(/^remote: -----> v1 is built; `hdev start` releases it/m);

    const port = await freeBasePort();
    const hdev = start(port);
    await waitForBody(port, /^pushed offline$/);
    await hdev.waitForLine(/migrating release\.\d+/);
    const releases = await sandbox.hdev(['releases', '--json']);
    expect(JSON.parse(String(releases.stdout))).toMatchObject([
      { version: 1, description: `Deploy ${pushed.slice(0, 7)}`, status: 'succeeded' },
    ]);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });
});
