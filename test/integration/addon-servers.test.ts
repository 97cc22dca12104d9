// The add-on servers are real: PostgreSQL from the bundled package and redis-server from PATH,
// driven through their own clients, stopped with nothing left running, and their data kept
// across a restart.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { AddonManager } from '../../src/addons/addon-manager.js';
import type { AddonRecord } from '../../src/addons/registry.js';
import { AddonRegistry, addonUrl, generatePassword } from '../../src/addons/registry.js';
import { LogBus } from '../../src/logs/log-bus.js';
import { systemClock } from '../../src/time/clock.js';
import { freeBasePort } from '../helpers/ports.js';
import { isAlive } from '../helpers/processes.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An app folder and a data folder other users can pass through (Postgres runs as nobody under root). */
function scratch(): { app: string; env: Record<string, string | undefined> } {
  const base = mkdtempSync(join(tmpdir(), 'hdev-addons-'));
  chmodSync(base, 0o711);
  cleanups.push(() => rmSync(base, { recursive: true, force: true }));
  const app = join(base, 'app');
  mkdirSync(app);
  return { app, env: { ...process.env, XDG_DATA_HOME: join(base, 'data') } };
}

function record(service: AddonRecord['service'], port: number, name: string): AddonRecord {
  return {
    name,
    service,
    tier: 'test',
    attachments: [service === 'heroku-postgresql' ? 'DATABASE' : 'REDIS'],
    port,
    password: generatePassword(),
    createdAt: new Date().toISOString(),
  };
}

function manager(
  registry: AddonRegistry,
  env: Record<string, string | undefined>,
  bus = new LogBus(),
) {
  const groups = new Set<number>();
  const addons = new AddonManager(
    registry,
    {
      env,
      runId: undefined,
      stopTimeoutMs: 10_000,
      uid: process.getuid?.() ?? 0,
      envFile: join(registry.appRoot, '.env'),
      envFiles: [],
    },
    {
      bus,
      clock: systemClock,
      groups: { add: (pgid) => groups.add(pgid), remove: (pgid) => groups.delete(pgid) },
    },
  );
  cleanups.push(() => addons.killSync());
  return { addons, groups, bus };
}

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('add-on servers', () => {
  it('runs PostgreSQL and Redis, stops them, and finds the data after a restart', async () => {
    const { app, env } = scratch();
    const registry = new AddonRegistry(app, env);
    const port = await freeBasePort(2);
    const database = record('heroku-postgresql', port, 'postgresql-test-10001');
    const redis = record('heroku-redis', port + 1, 'redis-test-10002');
    registry.save([database, redis]);

    const first = manager(registry, env);
    await first.addons.start();
    expect(first.addons.snapshot().map((addon) => addon.state)).toEqual(['up', 'up']);
    const pids = first.addons.snapshot().map((addon) => addon.pid);
    await query(
      addonUrl(database),
      'CREATE TABLE notes (body text); INSERT INTO notes VALUES ($$kept$$)',
    );
    // Real concurrent connections, each its own session.
    const counts = await Promise.all(
      [1, 2, 3].map(() => query(addonUrl(database), 'SELECT count(*)::int AS n FROM notes')),
    );
    expect(counts.map((result) => (result.rows[0] as { n: number }).n)).toEqual([1, 1, 1]);
    const client = createClient({ url: addonUrl(redis) });
    await client.connect();
    await client.set('greeting', 'hello');
    await client.quit();
    await expect(
      query(addonUrl(database).replace(/:[0-9a-f]+@/, ':wrong@'), 'SELECT 1'),
    ).rejects.toThrow(/password authentication failed/);

    await first.addons.stop();
    expect(first.addons.snapshot().map((addon) => addon.state)).toEqual(['down', 'down']);
    for (const pid of pids) expect(isAlive(pid ?? -1)).toBe(false);
    expect(first.groups.size).toBe(0);
    const lines = first.bus
      .history()
      .flatMap((batch) => LogBus.splitLines(batch).map((line) => `${batch.dyno}: ${line}`));
    expect(lines).toContainEqual(
      expect.stringMatching(/^postgres: \[DATABASE\] .*ready to accept connections/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^heroku-redis: \[REDIS\] .*Ready to accept connections/),
    );

    const second = manager(registry, env);
    await second.addons.start();
    const rows = await query(addonUrl(database), 'SELECT body FROM notes');
    expect(rows.rows).toEqual([{ body: 'kept' }]);
    const again = createClient({ url: addonUrl(redis) });
    await again.connect();
    expect(await again.get('greeting')).toBe('hello');
    await again.quit();
    await second.addons.stop();
  });

  it('restarts a crashed server and says so', async () => {
    const { app, env } = scratch();
    const registry = new AddonRegistry(app, env);
    const port = await freeBasePort(1);
    const redis = record('heroku-redis', port, 'redis-test-10003');
    registry.save([redis]);
    const { addons, bus } = manager(registry, env);
    await addons.start();
    const pid = addons.snapshot()[0]?.pid ?? -1;
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const now = addons.snapshot()[0];
      if (now?.state === 'up' && now.pid !== pid) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(addons.snapshot()[0]?.state).toBe('up');
    const lines = bus.history().flatMap((batch) => LogBus.splitLines(batch));
    expect(lines).toContain('Redis server crashed; restarting it in 1 s');
    expect(lines).toContain('Redis server restarted');
    await addons.stop();
  });

  it('refuses a data folder from another PostgreSQL major and leaves it untouched', async () => {
    const { app, env } = scratch();
    const registry = new AddonRegistry(app, env);
    const database = record('heroku-postgresql', await freeBasePort(1), 'postgresql-test-10004');
    registry.save([database]);
    const dataDir = join(registry.dataDirectory(database), 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'PG_VERSION'), '15\n');
    const { addons } = manager(registry, env);
    await expect(addons.start()).rejects.toThrow(
      /holds a PostgreSQL 15 database; hdev runs PostgreSQL 18/,
    );
    expect(addons.snapshot()[0]?.state).toBe('crashed');
  });
});
