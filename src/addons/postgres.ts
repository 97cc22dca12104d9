// A heroku-postgresql add-on's server: PostgreSQL's own initdb (once, with the add-on's
// generated password) and postgres, bound to 127.0.0.1 on the add-on's port, no unix socket.
// Postgres refuses to run as root: when hdev runs as root the server runs as `nobody`, which
// then owns the data folder and must be able to reach it.
import { execFile } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { HdevError } from '../errors.js';
import type { AddonRecord } from './registry.js';
import type { PostgresBinaries } from './postgres-binaries.js';
import { traversableByOthers } from './postgres-binaries.js';
import type { ServerCommand } from './server-process.js';

/** `nobody`: the user Postgres runs as when hdev runs as root. */
export const UNPRIVILEGED = { uid: 65534, gid: 65534 } as const;

/** Root's own data folder (`/root` is mode 700) cannot hold data `nobody` must read. */
const ROOT_FALLBACK = '/var/lib/hdev/postgres';

export interface PostgresLocation {
  /** The cluster's folder (PG_VERSION, postgresql.conf). */
  readonly dataDir: string;
  readonly runAs: { readonly uid: number; readonly gid: number } | undefined;
}

/** Where the add-on's cluster lives: in its add-on folder, or, as root, where nobody can reach. */
export function postgresLocation(addonDir: string, appKey: string, uid: number): PostgresLocation {
  if (uid !== 0) return { dataDir: join(addonDir, 'data'), runAs: undefined };
  mkdirSync(addonDir, { recursive: true, mode: 0o711 });
  const base = traversableByOthers(addonDir) ? addonDir : join(ROOT_FALLBACK, appKey);
  return { dataDir: join(base, 'data'), runAs: UNPRIVILEGED };
}

/** The major version of the cluster in `dataDir`, or undefined when there is none yet. */
export function clusterMajor(dataDir: string): number | undefined {
  try {
    return Number(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim());
  } catch {
    return undefined;
  }
}

function run(
  file: string,
  args: readonly string[],
  options: { runAs?: PostgresLocation['runAs']; env: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { env: options.env, ...(options.runAs ?? {}), maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new Error(`${stderr}${stdout}`.trim() || error.message));
      },
    );
  });
}

function diskMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /No space left|ENOSPC/.test(text)
    ? 'the disk is full'
    : text.split('\n').slice(-3).join(' ');
}

/**
 * Makes the cluster once: initdb into a folder beside the final one, renamed into place when
 * complete, so an interrupted initdb never leaves a half-made cluster behind. A cluster from
 * another PostgreSQL major is refused, untouched.
 */
export async function ensureCluster(
  record: AddonRecord,
  location: PostgresLocation,
  binaries: PostgresBinaries,
  env: NodeJS.ProcessEnv,
): Promise<'created' | 'existing'> {
  const major = clusterMajor(location.dataDir);
  if (major !== undefined) {
    if (major !== binaries.major) {
      throw new HdevError(
        `${record.name}: ${location.dataDir} holds a PostgreSQL ${major} database; hdev runs PostgreSQL ${binaries.major}`,
        {
          hint: `Nothing was changed. Run it with PostgreSQL ${major}'s binaries (HDEV_POSTGRES_BIN=/usr/lib/postgresql/${major}/bin), dump it with pg_dump and restore into a new add-on, or \`hdev addons:destroy ${record.name}\` to start empty.`,
        },
      );
    }
    return 'existing';
  }
  if (existsSync(location.dataDir)) {
    throw new HdevError(
      `${record.name}: ${location.dataDir} exists but holds no PostgreSQL database`,
      {
        hint: 'Move it away (hdev will make a new, empty database there), or destroy the add-on.',
      },
    );
  }
  const parent = join(location.dataDir, '..');
  mkdirSync(parent, { recursive: true, mode: 0o711 });
  const staging = `${location.dataDir}.initdb`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { mode: 0o700 });
  const pwfile = join(staging, '..', `.pw-${process.pid}`);
  writeFileSync(pwfile, `${record.password}\n`, { mode: 0o600 });
  if (location.runAs !== undefined) {
    chownSync(staging, location.runAs.uid, location.runAs.gid);
    chownSync(pwfile, location.runAs.uid, location.runAs.gid);
  }
  try {
    await run(
      binaries.initdb,
      [
        '-D',
        staging,
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
        // An fsync of every new file costs seconds on a busy disk (0.8 s without, 5 s with,
        // measured here) for an empty database that, lost in a power cut, is made again.
        '--no-sync',
      ],
      { ...(location.runAs === undefined ? {} : { runAs: location.runAs }), env },
    );
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new HdevError(`${record.name}: initdb failed: ${diskMessage(error)}`, {
      hint: 'No data was lost: the add-on had no database yet. Fix the cause and start again.',
    });
  } finally {
    rmSync(pwfile, { force: true });
  }
  renameSync(staging, location.dataDir);
  return 'created';
}

/**
 * The server's command line. Log lines carry Heroku Postgres' `sql_error_code = …` prefix; the
 * log bus adds the time, so no timestamp in the prefix.
 */
export function postgresCommand(
  record: AddonRecord,
  location: PostgresLocation,
  binaries: PostgresBinaries,
  env: Readonly<Record<string, string>>,
): ServerCommand {
  return {
    command: binaries.postgres,
    args: [
      '-D',
      location.dataDir,
      '-p',
      String(record.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'logging_collector=off',
      '-c',
      'log_line_prefix=sql_error_code = %e ',
    ],
    cwd: location.dataDir,
    env,
    ...(location.runAs === undefined ? {} : { user: location.runAs }),
    readyLine: /database system is ready to accept connections/,
  };
}
