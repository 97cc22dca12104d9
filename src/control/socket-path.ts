// Where an app's control socket lives: one per app root, in a directory only this user can
// enter. Unix socket paths are limited to about 100 bytes (sun_path is 108 on Linux, 104 on
// macOS), so the app root is named by a hash, never by its path.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HdevError } from '../errors.js';

/** Leaves room under the smallest sun_path (macOS: 104 bytes, with its terminating NUL). */
const MAX_SOCKET_PATH_BYTES = 100;

export interface SocketLocation {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly uid: number;
}

/** Pure: the socket path for an app root, given the candidate base directories in order. */
export function socketPathFor(appRoot: string, bases: readonly string[], uid: number): string {
  const name = `${createHash('sha256').update(appRoot).digest('hex').slice(0, 16)}.sock`;
  for (const base of bases) {
    const path = join(base, `hdev-${uid}`, name);
    if (Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES) return path;
  }
  return join('/tmp', `hdev-${uid}`, name);
}

/** $XDG_RUNTIME_DIR (per user, cleaned at logout) first, then the temp directory. */
function candidateBases(env: Readonly<Record<string, string | undefined>>): string[] {
  const runtime = env.XDG_RUNTIME_DIR;
  return [...(runtime !== undefined && runtime !== '' ? [runtime] : []), tmpdir()];
}

export function controlSocketPath(appDir: string, location: SocketLocation): string {
  let root = appDir;
  try {
    root = realpathSync(appDir); // the same app through a symlink is the same app
  } catch {
    // A missing directory still gets a path; the command that needs the app reports it.
  }
  return socketPathFor(root, candidateBases(location.env), location.uid);
}

/** This process's user and environment: the socket every command of this user finds for `appDir`. */
export function appSocketPath(appDir: string): string {
  return controlSocketPath(appDir, { env: process.env, uid: currentUid() });
}

/** The user id the socket directory must belong to (0 where the platform has none). */
export function currentUid(): number {
  return process.getuid?.() ?? 0;
}

/**
 * Creates the socket's directory (mode 0700) or checks an existing one: it must be a real
 * directory owned by this user that nobody else can write, or another user could plant a socket
 * that `hdev scale` would talk to.
 */
export function ensurePrivateDirectory(dir: string, uid: number): void {
  const hint =
    'hdev keeps its control sockets there. Remove it, or set XDG_RUNTIME_DIR to a directory only you can use.';
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    // A file in the way (EEXIST, ENOTDIR), no room, no permission.
    throw new HdevError(`cannot make ${dir}: ${(error as Error).message}`, { hint });
  }
  const stats = lstatSync(dir);
  if (!stats.isDirectory() || stats.uid !== uid || (stats.mode & 0o077) !== 0) {
    throw new HdevError(`${dir} is not a private directory of this user`, { hint });
  }
}
