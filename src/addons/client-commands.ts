// `hdev pg:psql`, `hdev pg:reset`, `hdev redis:cli`: the clients on PATH pointed at the app's
// add-on (Heroku's commands of the same names). The password goes in the client's environment
// (PGPASSWORD, REDISCLI_AUTH), not on its command line where `ps` shows it.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { AppLocation } from '../config/load-app.js';
import { HdevError } from '../errors.js';
import { addonContext, findAddon, startIsRunning } from './addon-commands.js';
import { clusterMajor, postgresLocation } from './postgres.js';
import { findOnPath } from './redis.js';
import type { AddonRecord } from './registry.js';
import { appId } from './registry.js';

function runClient(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: 'inherit', env });
    // The client owns the terminal: Ctrl-C is its (psql cancels the query), not hdev's.
    const ignore = (): void => undefined;
    process.on('SIGINT', ignore);
    child.once('error', (error) => {
      process.off('SIGINT', ignore);
      reject(new HdevError(`cannot run ${command}: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}

function requireClient(name: string, install: string): string {
  const found = findOnPath(name, process.env.PATH);
  if (found === undefined) throw new HdevError(`${name} is not on PATH`, { hint: install });
  return found;
}

const PSQL_INSTALL =
  'Install the PostgreSQL client: sudo apt-get install postgresql-client (Debian/Ubuntu), brew install libpq (macOS).';

function psqlArgs(
  record: AddonRecord,
  database: string,
): { args: string[]; env: NodeJS.ProcessEnv } {
  return {
    args: ['-h', '127.0.0.1', '-p', String(record.port), '-U', 'postgres', '-d', database],
    env: { ...process.env, PGPASSWORD: record.password },
  };
}

async function requireRunning(root: string, command: string): Promise<void> {
  if (!(await startIsRunning(root))) {
    throw new HdevError(
      `${command} needs the add-on's server: no hdev start is running for this app`,
      {
        hint: 'Start the app with hdev start (it starts its add-ons), then run the command again.',
      },
    );
  }
}

export async function runPgPsql(
  location: AppLocation,
  name: string | undefined,
  command: string | undefined,
): Promise<number> {
  const context = addonContext(location);
  const record = findAddon(context.registry, name, 'heroku-postgresql');
  const psql = requireClient('psql', PSQL_INSTALL);
  await requireRunning(context.app.root, 'pg:psql');
  const { args, env } = psqlArgs(record, 'postgres');
  return runClient(psql, command === undefined ? args : [...args, '-c', command], env);
}

export async function runRedisCli(
  location: AppLocation,
  name: string | undefined,
  args: readonly string[],
): Promise<number> {
  const context = addonContext(location);
  const record = findAddon(context.registry, name, 'heroku-redis');
  const cli = requireClient(
    'redis-cli',
    'Install Redis: sudo apt-get install redis-tools (Debian/Ubuntu), brew install redis (macOS).',
  );
  await requireRunning(context.app.root, 'redis:cli');
  return runClient(cli, ['-h', '127.0.0.1', '-p', String(record.port), ...args], {
    ...process.env,
    REDISCLI_AUTH: record.password,
  });
}

/**
 * Heroku's pg:reset drops every table, keeping the add-on and its URL. With the server running
 * (inside hdev start) the database is dropped and made again through psql; with it stopped, the
 * cluster is removed and `hdev start` makes a new, empty one.
 */
export async function runPgReset(
  location: AppLocation,
  name: string | undefined,
  confirm: string | undefined,
): Promise<number> {
  const context = addonContext(location);
  const record = findAddon(context.registry, name, 'heroku-postgresql');
  if (confirm !== context.app.name) {
    throw new HdevError(
      confirm === undefined
        ? `pg:reset destroys all data in ${record.name}`
        : `Confirmation ${confirm} did not match ${context.app.name}. Aborted.`,
      { hint: `To proceed, re-run with --confirm ${context.app.name}.` },
    );
  }
  if (await startIsRunning(context.app.root)) {
    const psql = requireClient(
      'psql',
      `${PSQL_INSTALL} Or stop hdev start: pg:reset needs no client then.`,
    );
    const { args, env } = psqlArgs(record, 'template1');
    const status = await runClient(
      psql,
      [
        ...args,
        '-v',
        'ON_ERROR_STOP=1',
        '-q',
        '-c',
        'DROP DATABASE postgres WITH (FORCE)',
        '-c',
        'CREATE DATABASE postgres',
      ],
      env,
    );
    if (status !== 0)
      throw new HdevError(`pg:reset failed: psql exited with status ${status}`, { exitCode: 1 });
  } else {
    const own = context.registry.dataDirectory(record);
    const { dataDir } = postgresLocation(
      own,
      `${appId(context.registry.appRoot)}-${record.name}`,
      process.getuid?.() ?? 1,
    );
    if (clusterMajor(dataDir) !== undefined) rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`Resetting ${record.name}... done\n`);
  return 0;
}
