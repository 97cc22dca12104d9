// `hdev start` on apps that write into their own tree: only the developer's edits deploy.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HDEV_BIN, HdevProcess, runHdev, testEnv } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { DescendantTracker } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

const WEB = [
  "import { createServer } from 'node:http';",
  'const server = createServer((req, res) => res.end("ok"));',
  "server.listen(Number(process.env.PORT), () => console.log('listening'));",
  "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
  '',
].join('\n');

interface ReleaseEntry {
  version: number;
  description: string;
  status: string;
}

async function releases(app: string): Promise<ReleaseEntry[]> {
  const result = await runHdev(['releases', '--json'], { cwd: app });
  expect(result.exitCode, String(result.stderr)).toBe(0);
  return JSON.parse(String(result.stdout)) as ReleaseEntry[];
}

/**
 * Edits web.mjs and waits for the release it makes: it must be v2 and deploy that one file, so
 * nothing the app or hdev wrote before made a release of its own.
 */
async function expectOnlyTheEditDeploys(app: string): Promise<void> {
  writeFileSync(join(app, 'web.mjs'), `${WEB}// edited\n`);
  let seen: ReleaseEntry[] = [];
  await waitFor(
    async () => {
      seen = await releases(app);
      return seen.some((release) => release.status !== 'pending' && release.version >= 2);
    },
    { timeoutMs: 30_000, describe: () => `a second release; releases: ${JSON.stringify(seen)}` },
  );
  expect(seen.map(({ version, description }) => ({ version, description }))).toEqual([
    { version: 1, description: 'Initial release' },
    { version: 2, description: 'Deploy (1 file changed)' },
  ]);
}

async function stop(hdev: HdevProcess): Promise<void> {
  hdev.signal('SIGTERM');
  await hdev.waitForExit();
  hdev.expectNoSurvivors();
}

const UP = /web\.1 +\| State changed from starting to up/;

// With --no-slugs the dynos run in the working tree, where what they write looks like an edit.
describe('hdev start --no-slugs: what the app and hdev write is not a deploy', () => {
  it('a dyno writing a SQLite database and one appending to an open log: one warning each', async () => {
    const app = makeApp({
      Procfile: [
        'web: node web.mjs',
        `db: node ${fixture('sqlite-style-writer.mjs')}`,
        `log: node ${fixture('append-writer.mjs')} app.log`,
        '',
      ].join('\n'),
      'web.mjs': WEB,
    });
    const hdev = new HdevProcess(['start', '--no-slugs', '-p', String(await freeBasePort())], {
      cwd: app,
    });
    await hdev.waitForLine(UP);
    await hdev.waitForLine(/watch +\| db\.1 writes db\.sqlite3 inside the app: on Heroku/, 30_000);
    await hdev.waitForLine(/watch +\| log\.1 writes app\.log inside the app/, 30_000);
    await expectOnlyTheEditDeploys(app);
    await hdev.waitForLine(/web\.1 +\| listening/);
    expect(hdev.lines().filter((line) => line.includes('writes db.sqlite3'))).toHaveLength(1);
    expect(hdev.lines().filter((line) => line.includes('writes app.log'))).toHaveLength(1);
    await stop(hdev);
  });

  it('a file rewritten every 20 ms: a code edit still deploys, the file is named once', async () => {
    const writer =
      "import { appendFileSync } from 'node:fs';\nsetInterval(() => appendFileSync('app/log.txt', 'x'), 20);\nsetTimeout(() => process.exit(0), 120_000);\n";
    const app = makeApp({
      Procfile: 'web: node web.mjs\nnoise: node writer.mjs\n',
      'web.mjs': WEB,
      'writer.mjs': writer,
      'app/log.txt': '',
    });
    const hdev = new HdevProcess(['start', '--no-slugs', '-p', String(await freeBasePort())], {
      cwd: app,
    });
    await hdev.waitForLine(UP);
    await hdev.waitForLine(/watch +\| .*app\/log\.txt/, 30_000);
    await expectOnlyTheEditDeploys(app);
    expect(hdev.lines().filter((line) => line.includes('app/log.txt'))).toHaveLength(1);
    await stop(hdev);
  });

  it('symlinks up and onto itself: stays in the app, one line, bounded memory', async () => {
    const parent = makeApp({
      'app/Procfile': 'web: node web.mjs\n',
      'app/web.mjs': WEB,
      'other-app/server.js': 'x',
    });
    const app = join(parent, 'app');
    symlinkSync('..', join(app, 'up'));
    symlinkSync('.', join(app, 'self'));
    const hdev = new HdevProcess(['start', '-p', String(await freeBasePort())], { cwd: app });
    await hdev.waitForLine(UP);
    await hdev.waitForLine(/watch +\| not watching through .*up -> \.\./);
    writeFileSync(join(parent, 'other-app/server.js'), 'changed outside the app');
    await expectOnlyTheEditDeploys(app);
    expect(hdev.lines().filter((line) => /not watching through|ELOOP/.test(line))).toHaveLength(1);
    const status = readFileSync(`/proc/${hdev.child.pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
    expect(rssKb).toBeLessThan(300 * 1024);
    await stop(hdev);
  });
});

describe('hdev start > hdev.log in the app root', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('never deploys on its own output', async () => {
    const app = makeApp({ Procfile: 'web: node web.mjs\n', 'web.mjs': WEB });
    const logPath = join(app, 'hdev.log');
    const log = openSync(logPath, 'a');
    const child = spawn(
      process.execPath,
      [HDEV_BIN, 'start', '--no-tui', '-p', String(await freeBasePort())],
      { cwd: app, env: testEnv(), stdio: ['ignore', log, log] },
    );
    closeSync(log);
    const tracker = new DescendantTracker(child.pid ?? -1);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    cleanup = async () => {
      tracker.stop();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      tracker.killSurvivors();
    };
    const output = (): string => readFileSync(logPath, 'utf8');
    await waitFor(() => UP.test(output()), {
      timeoutMs: 30_000,
      describe: () => `web.1 up in hdev.log:\n${output()}`,
    });
    await expectOnlyTheEditDeploys(app);
    // The deploy's own lines in hdev.log made no third release.
    writeFileSync(join(app, 'marker.txt'), 'later');
    await waitFor(async () => (await releases(app)).some((release) => release.version === 3), {
      timeoutMs: 30_000,
      describe: () => `v3\n${output()}`,
    });
    const third = (await releases(app)).find((release) => release.version === 3);
    expect(third?.description).toBe('Deploy (1 file changed)');
    child.kill('SIGTERM');
    await exited;
    tracker.sample();
    tracker.stop();
    expect(tracker.survivors()).toEqual([]);
  });
});
