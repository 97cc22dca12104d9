// Reading the app's own files (Procfile, env files, app.json) without trusting what they are:
// a FIFO would block forever, /dev/zero never ends, a directory or a dangling symlink cannot be
// read, and a huge file would take the heap. Each is refused with which file and what is wrong.
import type { Stats } from 'node:fs';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
} from 'node:fs';
import { HdevError } from '../errors.js';

/** A Procfile or app.json above this is not something a person wrote. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Env files may hold certificates and keys; still far below what a dyno's environment can take. */
export const MAX_ENV_FILE_BYTES = 4 * 1024 * 1024;

export interface BoundedFile {
  readonly path: string;
  /** The path as the user should see it. */
  readonly shown: string;
  /** `Procfile`, `Env file`, `app.json`: what the file is to hdev, for the message. */
  readonly what: string;
  readonly maxBytes: number;
  /** What to do when the file is missing or wrong. */
  readonly hint: string;
}

/** A size in the unit people use for files of that size. */
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function fail(file: BoundedFile, problem: string, cause?: unknown): HdevError {
  return new HdevError(`${file.what} ${file.shown} ${problem}`, {
    hint: file.hint,
    ...(cause === undefined ? {} : { cause }),
  });
}

function tooLarge(file: BoundedFile, size: string): HdevError {
  return fail(
    file,
    `is ${size}, more than the ${formatBytes(file.maxBytes)} hdev reads of such a file`,
  );
}

/** Why a path that lstat found cannot be opened: a symlink's target, or the OS's reason. */
function openProblem(path: string, error: NodeJS.ErrnoException): string {
  let link: string | undefined;
  try {
    link = lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    link = undefined;
  }
  if (error.code === 'ELOOP') {
    return `is a symbolic link that loops${link === undefined ? '' : ` (it points to ${link})`}`;
  }
  if (error.code === 'ENOENT') {
    return link === undefined
      ? 'does not exist'
      : `is a symbolic link to ${link}, which does not exist`;
  }
  if (error.code === 'EACCES') return 'cannot be read: permission denied';
  return `cannot be read (${error.code ?? error.message})`;
}

/** Opens without blocking (a FIFO with no writer would wait forever) and returns the fd. */
function openForReading(file: BoundedFile): number {
  try {
    return openSync(file.path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw fail(file, openProblem(file.path, error as NodeJS.ErrnoException), error);
  }
}

/**
 * Reads to the end, never more than `maxBytes`: the size fstat gave may be stale (the file grows)
 * or meaningless (files under /proc say 0), so the cap is checked on the bytes themselves.
 */
function readUpTo(fd: number, file: BoundedFile): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, file.maxBytes + 1 - total));
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total > file.maxBytes) throw tooLarge(file, `more than ${formatBytes(file.maxBytes)}`);
  }
}

/**
 * The file's text (UTF-8; invalid bytes become U+FFFD, as readFileSync does), or an HdevError
 * when it is missing, not a regular file, or larger than `maxBytes`.
 */
export function readBoundedText(file: BoundedFile): string {
  const fd = openForReading(file);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw fail(file, `is ${kindOf(stats)}, not a regular file`);
    if (stats.size > file.maxBytes) throw tooLarge(file, formatBytes(stats.size));
    return readUpTo(fd, file).toString('utf8');
  } catch (error) {
    if (error instanceof HdevError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(file, `cannot be read (${code ?? String(error)})`, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * True when something is at the path, a dangling or looping symlink included: such a file is
 * there by the user's intent, and reading it says what is wrong instead of skipping it.
 */
export function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
