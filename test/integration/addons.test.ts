// Add-ons under `hdev start`: examples/addons gets a real Postgres and a real Redis from its
// app.json, migrates in its release phase, serves what it reads through the router, counts in
// Redis from its worker, stops with nothing left running, and finds its data on the next start.
// The add-on commands change the registry and the env file (addons-live.test.ts: on a running app).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
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

/**
 * An app folder and hdev's data folder under a temp dir other users can pass through: as root,
 * Postgres runs as nobody and must reach its data.
 */
function scratch(example?: string): { app: string; env: Record<string, string> } {
  const base = mkdtempSync(join(tmpdir(), 'hdev-addons-'));
  chmodSync(base, 0o711);
  cleanups.push(() => rmSync(base, { recursive: true, force: true }));
  const app = join(base, 'app');
  if (example === undefined) mkdirSync(app);
  else
    cpSync(new URL(`../../examples/${example}`, import.meta.url).pathname, app, {
      recursive: true,
    });
  return { app, env: { XDG_DATA_HOME: join(base, 'data') } };
}

const hdevIn = (app: string, env: Record<string, string>) => (args: string[]) =>
  runHdev(
    ['-d' === args[0] ? '' : '', ...args].filter((arg) => arg !== ''),
    {
      cwd: app,
      env: testEnv(env),
    },
  );

async function stop(hdev: HdevProcess): Promise<void> {
  hdev.signal('SIGTERM');
  const exit = await hdev.waitForExit(30_000);
  expect(exit.code).toBe(0);
  hdev.expectNoSurvivors();
}

function envVar(app: string, key: string): string {
  const line = readFileSync(join(app, '.env'), 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${key}=`));
  if (line === undefined) throw new Error(`${key} is not in .env`);
  return line.slice(key.length + 1);
}

describe('add-ons under hdev start', () => {
  it('examples/addons: migrates, serves from Postgres, counts in Redis, and keeps the data', async () => {
    const { app, env } = scratch('addons');
    const port = await freeBasePort();
    const first = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app, env });
    expect(
      await waitForBody(port, /^Hello from Postgres \(web\.1\); worker ticks in Redis: [1-9]/),
    ).toBeTruthy();
    expect(first.stderr).toContain('hdev: app.json lists heroku-postgresql: created postgresql-');
    expect(first.stdout).toMatch(
      /postgres +\| \[DATABASE\] .*database system is ready to accept connections/,
    );
    expect(first.stdout).toMatch(/heroku-redis +\| \[REDIS\] .*Ready to accept connections/);
    // The servers are up before the release phase starts.
    const lines = first.lines();
    const ready = lines.findIndex((line) => /ready to accept connections/.test(line));
    const release = lines.findIndex((line) => /Running release v1 commands/.test(line));
    expect(ready).toBeGreaterThanOrEqual(0);
    expect(ready).toBeLessThan(release);

    const databaseUrl = envVar(app, 'DATABASE_URL');
    expect(envVar(app, 'HEROKU_POSTGRESQL_RED_URL')).toBe(databaseUrl);
    expect(envVar(app, 'REDIS_URL')).toMatch(/^redis:\/\/:[0-9a-f]{48}@127\.0\.0\.1:\d+$/);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`UPDATE greetings SET body = 'Hello again'`);
    await client.end();
    const ticks = Number(/ticks in Redis: (\d+)/.exec(await waitForBody(port, /Hello again/))?.[1]);
    await stop(first);
    expect(first.stdout).toMatch(/\[DATABASE\] .*received fast shutdown request/);

    // The second start creates nothing, and finds the row and the count.
    const second = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app, env });
    const body = await waitForBody(port, /Hello again/);
    expect(Number(/ticks in Redis: (\d+)/.exec(body)?.[1])).toBeGreaterThanOrEqual(ticks);
    expect(second.stderr).not.toContain('created postgresql-');
    expect(envVar(app, 'DATABASE_URL')).toBe(databaseUrl);
    await stop(second);
  });

  it('moves an add-on off a port something else took, and says so', async () => {
    const { app, env } = scratch();
    writeFileSync(
      join(app, 'Procfile'),
      'web: node -e "require(\'http\').createServer((q,s)=>s.end(process.env.REDIS_URL)).listen(process.env.PORT)"\n',
    );
    const hdev = hdevIn(app, env);
    execFileSync('git', ['init', '-q'], { cwd: app });
    const created = await hdev(['addons:create', 'heroku-redis']);
    expect(created.exitCode, String(created.stderr)).toBe(0);
    // The password is in a file git would take with the next `git add .`.
    expect(String(created.stderr)).toContain(
      'hdev: .env holds REDIS_URL with a password and git does not ignore it: add .env to .gitignore',
    );
    const taken = Number(/:(\d+)$/.exec(envVar(app, 'REDIS_URL'))?.[1]);
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = await freeBasePort();
    const start = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app, env });
    const body = await waitForBody(port, /^redis:/);
    expect(body).not.toContain(`:${taken}`);
    expect(envVar(app, 'REDIS_URL')).toBe(body);
    expect(start.stderr).toMatch(
      new RegExp(
        `port ${taken} of redis-[a-z]+-\\d+ is in use: it listens on \\d+ now, and REDIS_URL says so`,
      ),
    );
    await stop(start);
  });
});

describe('add-on commands', () => {
  it('create, list, show in config, psql while running, destroy with confirmation', async () => {
    const { app, env } = scratch();
    writeFileSync(
      join(app, 'Procfile'),
      "web: node -e \"require('http').createServer((q,s)=>s.end('ok')).listen(process.env.PORT)\"\n",
    );
    writeFileSync(join(app, 'app.json'), JSON.stringify({ name: 'cmd-app' }));
    const hdev = hdevIn(app, env);

    const created = await hdev([
      'addons:create',
      'heroku-postgresql:essential-0',
      '--as',
      'analytics',
    ]);
    expect(created.exitCode, String(created.stderr)).toBe(0);
    expect(created.stdout).toMatch(
      /^Created postgresql-[a-z]+-\d+ as ANALYTICS_URL \(in \.env\)$/m,
    );
    const second = await hdev(['addons:create', 'heroku-postgresql']);
    expect(second.stdout).toMatch(/as DATABASE_URL, HEROKU_POSTGRESQL_RED_URL/);
    const listed = await hdev(['addons']);
    expect(listed.stdout).toMatch(/heroku-postgresql \(postgresql-[a-z]+-\d+\) +essential-0/);
    expect(listed.stdout).toContain(' └─ as ANALYTICS');
    const config = await hdev(['config', '--json']);
    expect(Object.keys(JSON.parse(String(config.stdout)) as object).sort()).toEqual([
      'ANALYTICS_URL',
      'DATABASE_URL',
      'HEROKU_POSTGRESQL_RED_URL',
    ]);
    const info = await hdev(['addons:info', 'ANALYTICS']);
    expect(info.stdout).toMatch(/^Config vars: +ANALYTICS_URL$/m);
    const unknown = await hdev(['addons:create', 'sendgrid']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('hdev: hdev cannot run sendgrid');
    const duplicate = await hdev(['addons:create', 'heroku-postgresql', '--as', 'ANALYTICS']);
    expect(duplicate.stderr).toMatch(/ANALYTICS is already attached to postgresql-/);

    // While hdev start runs the servers, psql reaches them.
    const port = await freeBasePort();
    const start = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app, env });
    await start.waitForLine(/web\.1 +\| State changed from starting to up/, 60_000);
    const psql = await hdev(['pg:psql', 'ANALYTICS', '-c', 'SELECT 40 + 2 AS answer']);
    expect(psql.stdout).toMatch(/^\s+42$/m);
    await stop(start);

    const unconfirmed = await hdev(['addons:destroy', 'ANALYTICS']);
    expect(unconfirmed.exitCode).toBe(2);
    expect(unconfirmed.stderr).toContain('To proceed, re-run with --confirm cmd-app.');
    const wrong = await hdev(['addons:destroy', 'ANALYTICS', '--confirm', 'other']);
    expect(wrong.stderr).toContain('Confirmation other did not match cmd-app. Aborted.');
    const destroyed = await hdev(['addons:destroy', 'ANALYTICS', '--confirm', 'cmd-app']);
    expect(destroyed.exitCode, String(destroyed.stderr)).toBe(0);
    expect(destroyed.stdout).toMatch(/^Destroying postgresql-[a-z]+-\d+ on ⬢ cmd-app\.\.\. done$/m);
    expect(readFileSync(join(app, '.env'), 'utf8')).not.toContain('ANALYTICS_URL');
    expect((await hdev(['addons'])).stdout).not.toContain('ANALYTICS');
  });

  it('redis:cli and pg:reset, with hdev start running and without', async () => {
    const { app, env } = scratch();
    writeFileSync(
      join(app, 'Procfile'),
      "web: node -e \"require('http').createServer((q,s)=>s.end('ok')).listen(process.env.PORT)\"\n",
    );
    writeFileSync(
      join(app, 'app.json'),
      JSON.stringify({ name: 'reset-app', addons: ['heroku-postgresql', 'heroku-redis'] }),
    );
    const hdev = hdevIn(app, env);
    const port = await freeBasePort();
    const sql = (statement: string) => hdev(['pg:psql', '-c', statement]);
    let start = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app, env });
    await start.waitForLine(/web\.1 +\| State changed from starting to up/, 60_000);
    expect((await hdev(['redis:cli', 'PING'])).stdout).toBe('PONG');
    expect((await sql('CREATE TABLE t (x int)')).exitCode).toBe(0);
    const online = await hdev(['pg:reset', '--confirm', 'reset-app']);
    expect(online.stdout).toMatch(/^Resetting postgresql-[a-z]+-\d+\.\.\. done$/m);
    expect((await sql('SELECT * FROM t')).stderr).toMatch(/relation "t" does not exist/);
    expect((await sql('CREATE TABLE u (x int)')).exitCode).toBe(0);
    await stop(start);

    const refused = await hdev(['pg:reset']);
    expect(refused.stderr).toContain('To proceed, re-run with --confirm reset-app.');
    expect((await hdev(['pg:reset', '--confirm', 'reset-app'])).exitCode).toBe(0);
    start = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app, env });
    await start.waitForLine(/web\.1 +\| State changed from starting to up/, 60_000);
    expect((await sql('SELECT * FROM u')).stderr).toMatch(/relation "u" does not exist/);
    await stop(start);
  });

  it('kill -9 of hdev start still ends the add-on servers (the watchdog)', async () => {
    const { app, env } = scratch();
    writeFileSync(
      join(app, 'Procfile'),
      "web: node -e \"require('http').createServer((q,s)=>s.end('ok')).listen(process.env.PORT)\"\n",
    );
    writeFileSync(
      join(app, 'app.json'),
      JSON.stringify({ addons: ['heroku-postgresql', 'heroku-redis'] }),
    );
    const port = await freeBasePort();
    const start = new HdevProcess(['start', '-p', String(port), '--no-watch', '-t', '5'], {
      cwd: app,
      env,
    });
    await start.waitForLine(/web\.1 +\| State changed from starting to up/, 60_000);
    start.tracker.sample();
    expect(start.tracker.seen.size).toBeGreaterThan(3); // dyno, postgres and its workers, redis
    start.signal('SIGKILL');
    await start.waitForExit();
    await waitFor(() => start.tracker.survivors().length === 0, {
      timeoutMs: 20_000,
      describe: () => `no survivors; left: ${start.tracker.survivors().join(' ')}`,
    });
    start.expectNoSurvivors();
  });
});
