// A heroku-redis add-on's server: `redis-server` from PATH (Debian's redis-server, Homebrew's
// redis), never a mock; bound to 127.0.0.1 on the add-on's port with its generated password.
// Its data is kept in the add-on's folder with the append-only file, so it survives restarts.
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HdevError } from '../errors.js';
import type { AddonRecord } from './registry.js';
import type { ServerCommand } from './server-process.js';

/** The first `redis-server` on PATH, or undefined. */
export function findOnPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function installHint(platform: NodeJS.Platform = process.platform): string {
  return platform === 'darwin'
    ? 'Install Redis: brew install redis'
    : 'Install Redis: sudo apt-get install redis-server (Debian/Ubuntu), sudo dnf install redis (Fedora), or brew install redis (macOS)';
}

/** `redis-server`, or the error saying what to install. */
export function redisServerPath(env: Readonly<Record<string, string | undefined>>): string {
  const found = findOnPath('redis-server', env.PATH);
  if (found === undefined) {
    throw new HdevError('heroku-redis needs redis-server, which is not on PATH', {
      hint: `${installHint()}. hdev runs a real Redis server per app; there is no stand-in.`,
    });
  }
  return found;
}

export function redisCommand(
  record: AddonRecord,
  addonDir: string,
  server: string,
  env: Readonly<Record<string, string>>,
): ServerCommand {
  mkdirSync(addonDir, { recursive: true, mode: 0o700 });
  // The password goes in a file only this user reads, not on the command line `ps` shows.
  const config = join(addonDir, 'redis.conf');
  writeFileSync(config, `requirepass "${record.password}"\n`, { mode: 0o600 });
  return {
    command: server,
    args: [
      config,
      '--port',
      String(record.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      addonDir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--daemonize',
      'no',
      '--logfile',
      '',
    ],
    cwd: addonDir,
    env,
    readyLine: /Ready to accept connections/,
  };
}
