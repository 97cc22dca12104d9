// The watcher on real files in temp dirs: what it deploys, what it refuses, and what it says.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/time/clock.js';
import type { DynoGroup } from '../../src/watch/dyno-writers.js';
import type { WatchNotice } from '../../src/watch/notices.js';
import type { FileIdentity } from '../../src/watch/own-output.js';
import type { AppWatcher } from '../../src/watch/watcher.js';
import { DEPLOY_MAX_WAIT_MS, watchApp } from '../../src/watch/watcher.js';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { waitFor } from '../helpers/wait.js';

interface Deploy {
  readonly at: number;
  readonly paths: string[];
  /** What `snapshot` returned when the deploy started. */
  readonly snapshot?: string;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A watcher on `root` that records its deploys (paths relative to the root) and notices. */
async function watchFor(
  root: string,
  extra: {
    dynos?: () => DynoGroup[];
    ownOutput?: FileIdentity[];
    since?: number;
    appFiles?: () => readonly string[];
    snapshot?: () => string;
  } = {},
): Promise<{ watcher: AppWatcher; deploys: Deploy[]; notices: WatchNotice[] }> {
  const deploys: Deploy[] = [];
  const notices: WatchNotice[] = [];
  const watcher = watchApp(
    {
      root,
      ignore: [],
      appFiles: extra.appFiles ?? (() => []),
      building: () => false,
      dynos: extra.dynos ?? (() => []),
      ownOutput: extra.ownOutput ?? [],
      ...(extra.since === undefined ? {} : { since: extra.since }),
      deploy: (paths) => {
        deploys.push({
          at: Date.now(),
          paths: [...paths].map((path) => relative(root, path)).sort(),
          ...(extra.snapshot === undefined ? {} : { snapshot: extra.snapshot() }),
        });
        return Promise.resolve();
      },
      onLoop: () => undefined,
      onNotice: (notice) => notices.push(notice),
      onError: (error) => {
        throw error;
      },
    },
    systemClock,
  );
  cleanups.push(() => watcher.close());
  await waitFor(() => watcher.ready().then(() => true), {
    timeoutMs: 15_000,
    describe: () => 'the watcher to scan the app',
  });
  return { watcher, deploys, notices };
}

/** Runs `write` every `everyMs` until stopped (bounded to 30 s). */
function repeatedly(write: () => void, everyMs: number): () => void {
  const timer = setInterval(write, everyMs);
  const limit = setTimeout(() => clearInterval(timer), 30_000);
  const stop = (): void => {
    clearInterval(timer);
    clearTimeout(limit);
  };
  cleanups.push(stop);
  return stop;
}

function waitForDeploy(deploys: Deploy[], timeoutMs = 15_000): Promise<Deploy> {
  return waitFor(() => deploys[0], {
    timeoutMs,
    describe: () => `a deploy; deploys: ${JSON.stringify(deploys)}`,
  });
}

/** A process in its own process group, as a dyno is; killed after the test. */
function dyno(root: string, script: string, args: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [fixture(script), ...args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  });
  return child;
}

function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => child.stdout?.once('data', () => resolve()));
}

describe('watcher: a file rewritten faster than the debounce', () => {
  it('still deploys a code edit within maxWait, and reports the noisy file once', async () => {
    const root = makeApp({ 'web.js': 'one', 'app/log.txt': '' });
    const { deploys, notices } = await watchFor(root);
    let line = 0;
    const stop = repeatedly(() => writeFileSync(join(root, 'app/log.txt'), `${line++}\n`), 20);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const editedAt = Date.now();
    writeFileSync(join(root, 'web.js'), 'two');
    const deploy = await waitForDeploy(deploys);
    expect(deploy.paths).toEqual(['web.js']);
    // maxWait, plus slack for a loaded machine; without maxWait there is no deploy at all.
    expect(deploy.at - editedAt).toBeLessThan(DEPLOY_MAX_WAIT_MS + 1500);
    // The noisy file is reported once and deploys nothing afterwards.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    stop();
    expect(notices).toEqual([expect.objectContaining({ kind: 'noisy', path: 'app/log.txt' })]);
    expect(deploys).toHaveLength(1);
  });
});

describe('watcher: symlinks never lead it out of the app', () => {
  it('ignores `up -> ..` and `self -> .`, says so in one notice, and deploys only the app', async () => {
    const parent = makeApp({ 'other-app/server.js': 'x', 'app/web.js': 'one' });
    const root = join(parent, 'app');
    symlinkSync('..', join(root, 'up'));
    symlinkSync('.', join(root, 'self'));
    mkdirSync(join(root, 'lib'));
    symlinkSync('../web.js', join(root, 'lib', 'web-link.js'));
    const before = process.memoryUsage().rss;
    const { deploys, notices } = await watchFor(root);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    writeFileSync(join(parent, 'other-app/server.js'), 'changed outside the app');
    await new Promise((resolve) => setTimeout(resolve, 500));
    writeFileSync(join(root, 'web.js'), 'two');
    expect((await waitForDeploy(deploys)).paths).toEqual(['web.js']);
    expect(notices).toEqual([
      {
        kind: 'escaping-links',
        links: expect.arrayContaining([
          { path: 'up', target: '..', escape: 'outside' },
          { path: 'self', target: '.', escape: 'ancestor' },
        ]) as unknown,
      },
    ]);
  });
});

describe('watcher: hdev’s own output', () => {
  it('never deploys the file stdout goes to', async () => {
    const root = makeApp({ 'web.js': 'one' });
    const log = openSync(join(root, 'hdev.log'), 'a');
    cleanups.push(() => closeSync(log));
    const identity = fstatSync(log);
    const { deploys, notices } = await watchFor(root, {
      ownOutput: [{ dev: identity.dev, ino: identity.ino }],
    });
    writeSync(log, 'hdev: a line\n');
    await new Promise((resolve) => setTimeout(resolve, 500));
    writeSync(log, 'hdev: another line\n');
    writeFileSync(join(root, 'web.js'), 'two');
    expect((await waitForDeploy(deploys)).paths).toEqual(['web.js']);
    expect(notices).toEqual([]);
  });
});

describe('watcher: a save preempted halfway, for longer than the quiet', () => {
  const moveAway = (file: string): void => renameSync(file, `${file}~`);
  it.each<[string, (file: string) => void]>([
    ['between its truncate and its write', (file) => writeFileSync(file, '')],
    ['between renaming the old file away and writing the new one (vim)', moveAway],
  ])('%s: one deploy, of the whole file', async (_name, firstHalf) => {
    const root = makeApp({ 'web.js': 'old' });
    const file = join(root, 'web.js');
    const { watcher, deploys } = await watchFor(root, {
      snapshot: () => (existsSync(file) ? readFileSync(file, 'utf8') : '(missing)'),
    });
    firstHalf(file);
    // The save is preempted here, for longer than the quiet and than the hold within which
    // chokidar reports a file unlinked and created again as changed (its `atomic` option), and
    // well within HALF_SAVED_MS.
    await new Promise((resolve) => setTimeout(resolve, 160));
    writeFileSync(file, 'new');
    expect((await waitForDeploy(deploys)).snapshot).toBe('new');
    await watcher.idle();
    expect(deploys).toHaveLength(1);
  });
});

describe('watcher: a burst that deletes files (a git checkout)', () => {
  it('deploys the deletions with the rest of the burst, in one deploy', async () => {
    const root = makeApp({ 'a.js': 'a', 'b.js': 'b', 'gone.js': 'x', 'also-gone.js': 'y' });
    const { deploys } = await watchFor(root);
    writeFileSync(join(root, 'a.js'), 'a2');
    unlinkSync(join(root, 'gone.js'));
    writeFileSync(join(root, 'b.js'), 'b2');
    unlinkSync(join(root, 'also-gone.js'));
    // A later edit, well after the checkout: a deletion reported late would deploy before it.
    await waitForDeploy(deploys);
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(join(root, 'later.js'), 'z');
    await waitFor(() => deploys.find((deploy) => deploy.paths.includes('later.js')), {
      timeoutMs: 15_000,
      describe: () => `the later edit's deploy; deploys: ${JSON.stringify(deploys)}`,
    });
    expect(deploys.map((deploy) => deploy.paths)).toEqual([
      ['a.js', 'also-gone.js', 'b.js', 'gone.js'],
      ['later.js'],
    ]);
  });
});

describe('watcher: files the app writes at run time', () => {
  it('a change that leaves no net difference is no change (a journal, sed -i, a revert)', async () => {
    const root = makeApp({ 'web.js': 'one', 'db.sqlite3': '', 'config.js': 'a' });
    const mtime = statSync(join(root, 'config.js')).mtimeMs / 1000;
    const { deploys } = await watchFor(root);
    // Well within the quiet that ends a burst (DEPLOY_BURST_QUIET_MS), even on a loaded machine.
    const pause = (): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, 5));
    // Each step lives long enough for the watcher to see it, and all within one burst: the
    // steps follow each other as fast as a program makes them, so the burst has not gone quiet.
    writeFileSync(join(root, 'db.sqlite3-journal'), 'rollback');
    writeFileSync(join(root, 'config.js'), 'b');
    await pause();
    unlinkSync(join(root, 'db.sqlite3-journal'));
    // `sed -i s/one/two/ web.js`: a temporary file beside it, renamed over it.
    writeFileSync(join(root, 'sedAb12Cd'), 'two');
    await pause();
    renameSync(join(root, 'sedAb12Cd'), join(root, 'web.js'));
    // config.js back as it was, size and mtime.
    writeFileSync(join(root, 'config.js'), 'a');
    utimesSync(join(root, 'config.js'), mtime, mtime);
    expect((await waitForDeploy(deploys)).paths).toEqual(['web.js']);
  });

  it('files dynos hold open for writing are theirs: no deploy, one notice each', async () => {
    const root = makeApp({ 'web.js': 'one' });
    const sqlite = dyno(root, 'sqlite-style-writer.mjs');
    const appender = dyno(root, 'append-writer.mjs', ['app.log']);
    await Promise.all([started(sqlite), started(appender)]);
    const { deploys, notices } = await watchFor(root, {
      dynos: () => [
        { dyno: 'web.1', pgid: sqlite.pid ?? -1 },
        { dyno: 'worker.1', pgid: appender.pid ?? -1 },
      ],
    });
    await waitFor(() => notices.length >= 2, {
      timeoutMs: 15_000,
      describe: () => `two notices; notices: ${JSON.stringify(notices)}`,
    });
    writeFileSync(join(root, 'web.js'), 'two');
    const deploy = await waitForDeploy(deploys);
    expect(deploy.paths).toEqual(['web.js']);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(deploys).toHaveLength(1);
    expect(notices).toEqual(
      expect.arrayContaining([
        { kind: 'dyno-writes', dyno: 'web.1', path: 'db.sqlite3' },
        { kind: 'dyno-writes', dyno: 'worker.1', path: 'app.log' },
      ]),
    );
    expect(notices.filter((notice) => notice.kind === 'dyno-writes')).toHaveLength(2);
  });
});

describe('changes made before the watcher was ready', () => {
  it('deploys a file changed after the release started, found by the first scan', async () => {
    const root = makeApp({ 'web.js': 'one', 'old.js': 'old' });
    const old = Date.now() / 1000 - 60;
    utimesSync(join(root, 'old.js'), old, old);
    utimesSync(join(root, 'web.js'), old, old);
    const since = Date.now();
    // A save in the first second of hdev start, before the watcher (loaded after the dynos) ran.
    writeFileSync(join(root, 'web.js'), 'two');
    utimesSync(join(root, 'web.js'), (since + 1000) / 1000, (since + 1000) / 1000);
    const { deploys } = await watchFor(root, { since });
    await waitFor(() => deploys.length > 0, {
      timeoutMs: 10_000,
      describe: () => 'a deploy of web.js',
    });
    expect(deploys.map((deploy) => deploy.paths)).toEqual([['web.js']]);
  });

  it('deploys the files created while the first scan runs, even between a listing and its watch', async () => {
    // chokidar lists a directory, then watches it; the watcher asks for the app's own files as it
    // filters each listed entry. Making files there puts some of them inside that gap, where
    // they were lost: the save was never deployed.
    const root = makeApp({ 'web.js': 'one', 'lib/util.js': 'util' });
    const old = Date.now() / 1000 - 60;
    for (const file of ['web.js', 'lib/util.js']) utimesSync(join(root, file), old, old);
    // Well before the files are made: the kernel's file times lag the clock by a tick.
    const since = Date.now() - 1000;
    const made: string[] = [];
    let scanning = true;
    const appFiles = (): readonly string[] => {
      if (scanning && made.length < 40) {
        for (const name of [`made-${made.length}.js`, `lib/made-${made.length}.js`]) {
          writeFileSync(join(root, name), 'new');
          made.push(name);
        }
      }
      return [];
    };
    const { deploys } = await watchFor(root, { since, appFiles }).finally(() => {
      scanning = false;
    });
    const deployed = (): Set<string> => new Set(deploys.flatMap((deploy) => deploy.paths));
    await waitFor(() => made.every((name) => deployed().has(name)), {
      timeoutMs: 10_000,
      describe: () =>
        `deploys of the ${made.length} files made during the scan; never deployed: ${made
          .filter((name) => !deployed().has(name))
          .join(', ')}`,
    });
    expect([...deployed()].filter((name) => !made.includes(name))).toEqual([]);
  });
});
