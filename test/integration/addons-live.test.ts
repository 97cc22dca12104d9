// `addons:create` and `addons:destroy` on a running app, as on Heroku: the server starts (or
// stops), the config var is set (or unset), and a release named `Attach DATABASE (@ref:…)`
// (`Detach …`) restarts the dynos with it, with no release phase (Heroku runs none for add-on
// config var changes) and no second release from the file watcher.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { HdevProcess, runHdev, testEnv } from '../helpers/hdev.js';
import { waitForBody } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Under a temp dir others can pass through: as root, Postgres runs as nobody. */
function scratch(): { app: string; env: Record<string, string>; data: string } {
  const base = mkdtempSync(join(tmpdir(), 'hdev-live-addons-'));
  chmodSync(base, 0o711);
  cleanups.push(() => rmSync(base, { recursive: true, force: true }));
  const app = join(base, 'app');
  mkdirSync(app);
  const data = join(base, 'data');
  return { app, env: { XDG_DATA_HOME: data }, data };
}

describe('add-ons on a running app', () => {
  it('attaches with a release, serves the new DATABASE_URL, and detaches with a release', async () => {
    const { app, env } = scratch();
    writeFileSync(
      join(app, 'Procfile'),
      [
        "web: node -e \"require('http').createServer((q,s)=>s.end(process.env.DATABASE_URL||'none')).listen(process.env.PORT)\"",
        'release: echo release phase ran',
        '',
      ].join('\n'),
    );
    writeFileSync(join(app, 'app.json'), JSON.stringify({ name: 'live-app' }));
    const hdev = (args: string[]) => runHdev(args, { cwd: app, env: testEnv(env) });
    const port = await freeBasePort();
    // The file watcher runs: its deploy for the env file change must find nothing left to do.
    const start = new HdevProcess(['start', '-p', String(port)], { cwd: app, env });
    await waitForBody(port, /^none$/, 60_000);

    const created = await hdev(['addons:create', 'heroku-postgresql']);
    expect(created.exitCode, String(created.stderr)).toBe(0);
    expect(created.stdout).toMatch(
      /^Creating heroku-postgresql:essential-0 on ⬢ live-app\.\.\. done, v2$/m,
    );
    const name =
      /^Created (postgresql-[a-z]+-\d+) as DATABASE_URL, HEROKU_POSTGRESQL_RED_URL$/m.exec(
        String(created.stdout),
      )?.[1];
    expect(name).toBeDefined();
    const url = await waitForBody(port, /^postgres:\/\//, 60_000);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    expect((await client.query('SELECT 40 + 2 AS answer')).rows).toEqual([{ answer: 42 }]);
    await client.end();
    expect(start.stdout).toContain(`Attach DATABASE (@ref:${name})`);
    const ps = JSON.parse(String((await hdev(['ps', '--json'])).stdout)) as {
      name: string;
      type: string;
      state: string;
    }[];
    expect(ps.filter((entry) => entry.type === 'addon')).toEqual([
      expect.objectContaining({ name: 'DATABASE', state: 'up' }),
    ]);

    const destroyed = await hdev(['addons:destroy', 'DATABASE', '--confirm', 'live-app']);
    expect(destroyed.exitCode, String(destroyed.stderr)).toBe(0);
    expect(destroyed.stdout).toMatch(
      new RegExp(`^Destroying ${name} on ⬢ live-app\\.\\.\\. done, v3$`, 'm'),
    );
    await waitForBody(port, /^none$/, 60_000);
    const refused = new pg.Client({ connectionString: url });
    await expect(refused.connect()).rejects.toThrow(/ECONNREFUSED/);

    const releases = JSON.parse(String((await hdev(['releases', '--json'])).stdout)) as {
      version: number;
      description: string;
      status: string;
    }[];
    expect(
      releases.map(({ version, description, status }) => [version, description, status]),
    ).toEqual([
      [1, 'Initial release', 'succeeded'],
      [2, `Attach DATABASE (@ref:${name})`, 'succeeded'],
      [3, `Detach DATABASE (@ref:${name})`, 'succeeded'],
    ]);
    // Heroku runs no release phase for add-on config var changes: only v1's ran.
    expect(start.lines().filter((line) => /\| release phase ran$/.test(line))).toHaveLength(1);
    expect((await hdev(['addons'])).stdout).toContain('No add-ons for app live-app.');

    start.signal('SIGTERM');
    expect((await start.waitForExit(30_000)).code).toBe(0);
    start.expectNoSurvivors();
  });

  it('a server that cannot start leaves no add-on behind, and the app keeps running', async () => {
    const { app, env } = scratch();
    writeFileSync(
      join(app, 'Procfile'),
      "web: node -e \"require('http').createServer((q,s)=>s.end(process.env.DATABASE_URL||'none')).listen(process.env.PORT)\"\n",
    );
    writeFileSync(join(app, 'app.json'), JSON.stringify({ name: 'broken-app' }));
    // A PostgreSQL that exits at once: the server cannot start.
    const fakeBin = join(app, '..', 'fake-pg');
    mkdirSync(fakeBin);
    for (const tool of ['initdb', 'postgres', 'pg_ctl']) {
      writeFileSync(join(fakeBin, tool), '#!/bin/sh\necho "FATAL: no room" >&2\nexit 1\n', {
        mode: 0o755,
      });
    }
    const brokenEnv = { ...env, HDEV_POSTGRES_BIN: fakeBin };
    const hdev = (args: string[]) => runHdev(args, { cwd: app, env: testEnv(brokenEnv) });
    const port = await freeBasePort();
    const start = new HdevProcess(['start', '-p', String(port), '--no-watch'], {
      cwd: app,
      env: brokenEnv,
    });
    await waitForBody(port, /^none$/, 60_000);
    const created = await hdev(['addons:create', 'heroku-postgresql']);
    expect(created.exitCode).not.toBe(0);
    expect(created.stderr).toMatch(/PostgreSQL|initdb/);
    expect((await hdev(['addons'])).stdout).toContain('No add-ons for app broken-app.');
    expect(existsSync(join(app, '.env'))).toBe(false);
    expect(await waitForBody(port, /^none$/, 60_000)).toBe('none');
    start.signal('SIGTERM');
    expect((await start.waitForExit(30_000)).code).toBe(0);
    start.expectNoSurvivors();
  });
});

describe('a crashed add-on server under hdev start', () => {
  it('kill -9 of PostgreSQL: ps shows it crashed, then up again; the logs say so', async () => {
    const { app, env } = scratch();
    writeFileSync(
      join(app, 'Procfile'),
      "web: node -e \"require('http').createServer((q,s)=>s.end(process.env.DATABASE_URL||'none')).listen(process.env.PORT)\"\n",
    );
    writeFileSync(
      join(app, 'app.json'),
      JSON.stringify({ name: 'crash-app', addons: ['heroku-postgresql'] }),
    );
    const hdev = (args: string[]) => runHdev(args, { cwd: app, env: testEnv(env) });
    const port = await freeBasePort();
    const start = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app, env });
    const url = await waitForBody(port, /^postgres:\/\//, 60_000);
    type Entry = { name: string; type: string; state: string; pid: number | null };
    const database = async (): Promise<Entry | undefined> =>
      (JSON.parse(String((await hdev(['ps', '--json'])).stdout)) as Entry[]).find(
        (entry) => entry.type === 'addon',
      );
    const before = await database();
    expect(before).toMatchObject({ name: 'DATABASE', state: 'up' });
    process.kill(before?.pid ?? -1, 'SIGKILL');

    // Meanwhile the engine shows it crashed (or already starting again), never up with the old pid.
    const states = new Set<string>();
    const after = await waitFor(
      async () => {
        const now = await database();
        if (now !== undefined) states.add(now.state);
        return now?.state === 'up' && now.pid !== before?.pid ? now : undefined;
      },
      {
        timeoutMs: 60_000,
        describe: () => `DATABASE up again; states seen: ${[...states].join(', ')}`,
      },
    );
    expect(after.pid).not.toBe(before?.pid);
    expect([...states].some((state) => state === 'crashed' || state === 'starting')).toBe(true);
    await start.waitForLine(/PostgreSQL server restarted/, 30_000);
    expect(start.stdout).toMatch(/Process exited with status SIGKILL/);
    expect(start.stdout).toMatch(/PostgreSQL server crashed; restarting it in 1 s/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();

    start.signal('SIGTERM');
    expect((await start.waitForExit(30_000)).code).toBe(0);
    start.expectNoSurvivors();
  });
});

/** A 96 MB tmpfs at `dir` (root only); undefined when it cannot be mounted here. */
/**
 * A 256 MB disk: room for PostgreSQL's binaries (about 60 MB, copied into the data folder's
 * cache when `nobody` cannot reach hdev's install) and a new cluster, and small to fill.
 */
function smallDisk(dir: string): (() => void) | undefined {
  mkdirSync(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256m,mode=0711', 'tmpfs', dir]);
  if (mounted.status !== 0) return undefined;
  return () => {
    spawnSync('umount', [dir]);
  };
}

const asRoot = process.getuid?.() === 0;

describe('a full disk', () => {
  it.skipIf(!asRoot)(
    'says the disk is full, starts nothing, and finds the data once there is room',
    async () => {
      const { app, env, data } = scratch();
      const unmount = smallDisk(data);
      if (unmount === undefined) return; // no tmpfs here (a container without CAP_SYS_ADMIN)
      cleanups.push(unmount);
      writeFileSync(
        join(app, 'Procfile'),
        "web: node -e \"require('http').createServer((q,s)=>s.end(process.env.DATABASE_URL||'none')).listen(process.env.PORT)\"\n",
      );
      writeFileSync(
        join(app, 'app.json'),
        JSON.stringify({ name: 'full-app', addons: ['heroku-postgresql'] }),
      );
      const port = await freeBasePort();
      const first = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app, env });
      const url = await waitForBody(port, /^postgres:\/\//, 60_000);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE TABLE kept (body text); INSERT INTO kept VALUES ('still here')`);
      await client.end();
      first.signal('SIGTERM');
      expect((await first.waitForExit(30_000)).code).toBe(0);

      // Fill the disk: PostgreSQL cannot even write its lock file.
      const filler = join(data, 'filler');
      spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M', 'count=400']);
      const full = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app, env });
      const exit = await full.waitForExit(60_000);
      expect(exit.code).toBe(1);
      expect(full.stderr).toContain('No space left on device');
      expect(full.stderr).toContain(
        'The disk that holds its data is full: free some space, then start again. Its data is untouched.',
      );
      expect(full.stdout).not.toMatch(/web\.1 .*State changed from starting to up/);
      full.expectNoSurvivors();

      rmSync(filler);
      const again = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app, env });
      await waitForBody(port, /^postgres:\/\//, 60_000);
      const reader = new pg.Client({ connectionString: url });
      await reader.connect();
      expect((await reader.query('SELECT body FROM kept')).rows).toEqual([{ body: 'still here' }]);
      await reader.end();
      again.signal('SIGTERM');
      expect((await again.waitForExit(30_000)).code).toBe(0);
      again.expectNoSurvivors();
    },
    // Three starts, the first with initdb, and the rest of a 256 MB disk written to fill it: on
    // a loaded machine more than the default minute.
    150_000,
  );
});

describe('add-on servers and the build', () => {
  it('start alongside the build; the release phase waits for them', async () => {
    const { app, env } = scratch();
    writeFileSync(
      join(app, 'Procfile'),
      [
        "web: node -e \"require('http').createServer((q,s)=>s.end(process.env.REDIS_URL||'none')).listen(process.env.PORT)\"",
        'release: echo migrating',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'app.json'),
      JSON.stringify({ name: 'build-app', addons: ['heroku-redis'] }),
    );
    const port = await freeBasePort();
    // A build long enough for the server to be ready before it ends, even on a loaded machine.
    const start = new HdevProcess(
      ['start', '-p', String(port), '--no-watch', '--build', 'sleep 3'],
      { cwd: app, env },
    );
    await waitForBody(port, /^redis:/, 60_000);
    const lines = start.lines();
    const ready = lines.findIndex((line) => /\[REDIS\] .*Ready to accept connections/.test(line));
    const building = lines.findIndex((line) => /Build started/.test(line));
    const built = lines.findIndex((line) => /Build succeeded/.test(line));
    const release = lines.findIndex((line) => /Running release v1 commands/.test(line));
    // The build does not wait for the server: it starts first and ends after the server is up.
    expect(building).toBeGreaterThanOrEqual(0);
    expect(ready).toBeGreaterThan(building);
    expect(built).toBeGreaterThan(ready);
    expect(release).toBeGreaterThan(ready);
    start.signal('SIGTERM');
    expect((await start.waitForExit(30_000)).code).toBe(0);
    start.expectNoSurvivors();
  });
});
