// Live control: a real `hdev start` in one process, `hdev scale/ps/restart/stop/logs/run` in
// others, talking over the app's unix socket.
import { spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HDEV_BIN, HdevProcess, runHdev, testEnv, testSocketPath } from '../helpers/hdev.js';
import { get } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

const PROCFILE = `web: node ${fixture('router-app.mjs')}\nworker: node ${fixture('ticker.mjs')}\n`;

interface PsEntry {
  name: string;
  type: string;
  state: string;
  port: number | null;
  pid: number | null;
  restarts: number;
  release: { version: number };
  one_off: boolean;
}

async function startApp(
  formation: string,
  appDir?: string,
): Promise<{ hdev: HdevProcess; app: string; port: number }> {
  const app = appDir ?? makeApp({ Procfile: PROCFILE });
  const port = await freeBasePort();
  const hdev = new HdevProcess(['start', formation, '-p', String(port)], { cwd: app });
  await waitFor(() => hdev.stderr.includes('routes to the web dynos'), {
    describe: () => `hdev start to listen\n${hdev.stderr}`,
  });
  return { hdev, app, port };
}

async function ps(app: string): Promise<PsEntry[]> {
  const result = await runHdev(['ps', '--json'], { cwd: app });
  expect(result.exitCode, String(result.stderr)).toBe(0);
  return JSON.parse(String(result.stdout)) as PsEntry[];
}

/** Polls `hdev ps --json` until `predicate` holds for the dyno list. */
function waitForDynos(app: string, predicate: (dynos: PsEntry[]) => boolean): Promise<PsEntry[]> {
  let last: PsEntry[] = [];
  return waitFor(
    async () => {
      last = await ps(app);
      return predicate(last) ? last : undefined;
    },
    { describe: () => `dynos matching the condition; last ps: ${JSON.stringify(last)}` },
  );
}

const upNames = (dynos: PsEntry[]): string[] =>
  dynos
    .filter((dyno) => dyno.state === 'up')
    .map((dyno) => dyno.name)
    .sort();

async function stop(hdev: HdevProcess): Promise<void> {
  hdev.signal('SIGTERM');
  await hdev.waitForExit();
  hdev.expectNoSurvivors();
}

describe('hdev scale', () => {
  it('adds and removes dynos, with their ports and the router following', async () => {
    const { hdev, app, port } = await startApp('web=1,worker=1');
    await waitForDynos(app, (dynos) => upNames(dynos).length === 2);

    const up = await runHdev(['scale', 'web=3', 'worker+1'], { cwd: app });
    expect(up.stdout).toBe('Scaling dynos... done, now running web at 3, worker at 2');
    const scaled = await waitForDynos(app, (dynos) => upNames(dynos).length === 5);
    expect(upNames(scaled)).toEqual(['web.1', 'web.2', 'web.3', 'worker.1', 'worker.2']);
    const webPorts = scaled.filter((dyno) => dyno.type === 'web').map((dyno) => dyno.port);
    expect(new Set(webPorts).size).toBe(3);
    expect(webPorts).not.toContain(port);
    await hdev.waitForLine(/api +\| Scaled to web@3 worker@2/);

    // The router reaches the new dynos.
    const served = new Set<string>();
    await waitFor(
      async () => {
        served.add((await get(port, '/')).body.trim());
        return served.size === 3 ? served : undefined;
      },
      { describe: () => `requests to reach web.1..web.3; served ${[...served].join(', ')}` },
    );

    const down = await runHdev(['scale', 'web-2', 'worker=0'], { cwd: app });
    expect(down.exitCode).toBe(0);
    // Scale-down resolves once the removed dynos are gone.
    expect(upNames(await ps(app))).toEqual(['web.1']);
    for (let request = 0; request < 10; request++)
      expect((await get(port, '/')).body).toBe('web.1\n');
    expect((await runHdev(['scale'], { cwd: app })).stdout).toBe('web=1 worker=0');
    await stop(hdev);
  });

  it('refuses an unknown type, a negative count and bad syntax, listing the types', async () => {
    const { hdev, app } = await startApp('web=1,worker=1');
    const unknown = await runHdev(['scale', 'clock=1'], { cwd: app });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/clock/);
    expect(unknown.stderr).toMatch(/web, worker/);
    const negative = await runHdev(['scale', 'worker-2'], { cwd: app });
    expect(negative.exitCode).toBe(2);
    expect(negative.stderr).toMatch(/-1/);
    const syntax = await runHdev(['scale', 'web:3'], { cwd: app });
    expect(syntax.exitCode).toBe(2);
    await stop(hdev);
  });
});

describe('hdev ps', () => {
  it("prints Heroku's layout, and JSON with port, pid, restarts and release", async () => {
    const { hdev, app } = await startApp('web=2,worker=1');
    const dynos = await waitForDynos(app, (list) => upNames(list).length === 3);
    const text = await runHdev(['ps'], { cwd: app, env: testEnv({ TZ: 'UTC' }) });
    expect(text.stdout).toMatch(
      /^=== web: node \S+router-app\.mjs \(2\)\nweb\.1: up \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \+0000 \(~ \d+s ago\)\nweb\.2: up .*\n\n=== worker: node \S+ticker\.mjs \(1\)\nworker\.1: up /,
    );
    for (const dyno of dynos) {
      expect(dyno.pid).toBeGreaterThan(0);
      expect(dyno.port).toBeGreaterThan(0);
      expect(dyno.restarts).toBe(0);
      expect(dyno.release.version).toBe(1);
    }
    const onlyWorker = await runHdev(['ps', 'worker'], { cwd: app });
    expect(onlyWorker.stdout).not.toMatch(/web/);
    await stop(hdev);
  });

  it('lists a one-off dyno started by hdev run while hdev start runs', async () => {
    const { hdev, app } = await startApp('web=1,worker=0');
    const oneOff = spawn(process.execPath, [HDEV_BIN, 'run', 'sleep', '30'], {
      cwd: app,
      env: testEnv(),
      stdio: 'ignore',
    });
    try {
      const listed = await waitForDynos(app, (dynos) => dynos.some((dyno) => dyno.one_off));
      const run = listed.find((dyno) => dyno.one_off);
      expect(run?.name).toMatch(/^run\.\d{4}$/);
      const text = await runHdev(['ps'], { cwd: app });
      expect(text.stdout).toMatch(/^=== run: one-off processes \(1\)\nrun\.\d{4}: up .*: sleep 30/);
      // `hdev stop run.N` ends it, as `heroku ps:stop` ends a one-off.
      expect((await runHdev(['stop', run?.name ?? ''], { cwd: app })).exitCode).toBe(0);
      await waitFor(
        () => (oneOff.exitCode !== null || oneOff.signalCode !== null ? true : undefined),
        { describe: () => 'the one-off to end' },
      );
      await waitForDynos(app, (dynos) => !dynos.some((dyno) => dyno.one_off));
    } finally {
      oneOff.kill('SIGKILL');
    }
    await stop(hdev);
  });
});

describe('hdev restart and stop', () => {
  it('restarts one dyno with a new process, and stops a type until it is restarted', async () => {
    const { hdev, app } = await startApp('web=1,worker=2');
    const before = await waitForDynos(app, (dynos) => upNames(dynos).length === 3);
    const web1 = before.find((dyno) => dyno.name === 'web.1');

    const restart = await runHdev(['restart', 'web.1'], { cwd: app });
    expect(restart.stdout).toBe('Restarting web.1... done');
    await hdev.waitForLine(/web\.1 +\| Restarting/);
    const after = await waitForDynos(app, (dynos) => upNames(dynos).length === 3);
    expect(after.find((dyno) => dyno.name === 'web.1')?.pid).not.toBe(web1?.pid);
    expect(isAlive(web1?.pid ?? -1)).toBe(false);

    const stopped = await runHdev(['stop', 'worker'], { cwd: app });
    expect(stopped.stdout).toBe('Stopping worker.1, worker.2... done');
    const down = await ps(app);
    expect(down.filter((dyno) => dyno.type === 'worker').map((dyno) => dyno.state)).toEqual([
      'down',
      'down',
    ]);
    // A stopped dyno is not restarted by the crash policy: still down after web.1 restarts again.
    await runHdev(['restart', 'web'], { cwd: app });
    await waitForDynos(app, (dynos) => upNames(dynos).includes('web.1'));
    expect((await ps(app)).filter((dyno) => dyno.state === 'down')).toHaveLength(2);

    await runHdev(['restart', 'worker'], { cwd: app });
    await waitForDynos(app, (dynos) => upNames(dynos).length === 3);

    const unknown = await runHdev(['restart', 'clock'], { cwd: app });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/web\.1, worker\.1, worker\.2/);
    await stop(hdev);
  });
});

describe('hdev logs', () => {
  it('prints the last lines with filters, then follows with --tail', async () => {
    const { hdev, app } = await startApp('web=1,worker=1');
    await hdev.waitForLines(/worker\.1 +\| tick \d+/, 3);

    const last = await runHdev(['logs', '-n', '2', '--dyno', 'worker.1', '-s', 'app'], {
      cwd: app,
    });
    const lines = String(last.stdout).split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^\d\d:\d\d:\d\d worker\.1 +\| tick \d+$/);

    const platform = await runHdev(['logs', '--ps', 'web', '-s', 'heroku', '--format', 'heroku'], {
      cwd: app,
    });
    expect(platform.stdout).toMatch(/heroku\[web\.1\]: Starting process with command/);
    expect(platform.stdout).not.toMatch(/app\[|worker/);

    const tail = spawn(process.execPath, [HDEV_BIN, 'logs', '-t', '-n', '0', '--ps', 'web'], {
      cwd: app,
      env: testEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tailed = '';
    tail.stdout.setEncoding('utf8').on('data', (text: string) => (tailed += text));
    try {
      // `-n 0`: nothing from history; what happens from now on arrives as it happens.
      await waitFor(
        async () => {
          await runHdev(['restart', 'web'], { cwd: app });
          return /web\.1 +\| Restarting/.test(tailed) ? true : undefined;
        },
        { describe: () => `a Restarting line in the tail; got:\n${tailed}` },
      );
      expect(tailed).not.toMatch(/worker/);
    } finally {
      tail.kill('SIGINT');
    }
    const exited = await new Promise<number | null>((resolve) => tail.once('exit', resolve));
    expect(exited).toBe(0);
    await stop(hdev);
  });
});

describe('the control socket', () => {
  it('serves several clients at once', async () => {
    const { hdev, app } = await startApp('web=1,worker=1');
    await waitForDynos(app, (dynos) => upNames(dynos).length === 2);
    const results = await Promise.all([
      runHdev(['scale', 'worker=2'], { cwd: app }),
      runHdev(['ps', '--json'], { cwd: app }),
      runHdev(['logs', '-n', '5'], { cwd: app }),
      runHdev(['scale'], { cwd: app }),
    ]);
    expect(results.map((result) => result.exitCode)).toEqual([0, 0, 0, 0]);
    await waitForDynos(app, (dynos) => upNames(dynos).length === 3);
    await stop(hdev);
  });

  it('is private to the user: socket 0600 in a 0700 directory', async () => {
    const { hdev, app } = await startApp('web=1,worker=0');
    const path = testSocketPath(app);
    expect(statSync(path).isSocket()).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    await stop(hdev);
  });

  it('says so when no hdev start runs, and refuses a second hdev start', async () => {
    const app = makeApp({ Procfile: PROCFILE });
    const none = await runHdev(['ps'], { cwd: app });
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toMatch(/no hdev start is running for/);

    const { hdev } = await startApp('web=1,worker=0', app);
    const second = await runHdev(['start', '-p', String(await freeBasePort())], { cwd: app });
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain(`already running for this app (pid ${hdev.child.pid})`);
    await stop(hdev);
  });

  it('replaces the socket of an hdev start that was killed', async () => {
    const { hdev, app } = await startApp('web=1,worker=0');
    await waitForDynos(app, (dynos) => upNames(dynos).length === 1);
    hdev.signal('SIGKILL');
    await hdev.waitForExit();
    hdev.tracker.killSurvivors(); // its dynos, orphaned by the SIGKILL
    const stale = await runHdev(['ps'], { cwd: app });
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toMatch(/no hdev start is running/);

    const again = await startApp('web=1,worker=0', app);
    await waitForDynos(app, (dynos) => upNames(dynos).length === 1);
    await stop(again.hdev);
  });

  it('works for an app path far longer than a socket path may be', async () => {
    const deep = join(
      makeApp({}),
      ...Array.from({ length: 8 }, () => 'a-rather-long-directory-name'),
    );
    mkdirSync(deep, { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(deep, 'Procfile'), PROCFILE);
    expect(deep.length).toBeGreaterThan(200);
    const { hdev } = await startApp('web=1,worker=0', deep);
    await waitForDynos(deep, (dynos) => upNames(dynos).length === 1);
    await stop(hdev);
  });
});
