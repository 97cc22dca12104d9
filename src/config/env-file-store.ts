// Writing env files for `hdev config:set` and `config:unset`: one edit at a time per file across
// processes (env-file-lock.ts), and each one atomic, so a reader (a redeploying `hdev start`, a
// concurrent `hdev config`) sees the old text or the new one, never an empty or half-written file.
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { HdevError } from '../errors.js';
import { isPresent, MAX_ENV_FILE_BYTES, readBoundedText } from './bounded-read.js';
import { acquireLock, tempPathFor } from './env-file-lock.js';

export interface EnvFileEdit {
  readonly path: string;
  /** The path as the user should see it. */
  readonly shown: string;
  /** The new text from the current one; returning it unchanged writes nothing. */
  readonly edit: (text: string) => string;
  /** config:set creates a missing file; config:unset leaves it missing. */
  readonly createMissing: boolean;
}

/**
 * The file the edit lands in: a symlinked `.env` stays a symlink and its target is rewritten.
 * A dangling or looping symlink is refused by readBoundedText, not replaced by a file.
 */
function targetOf(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path;
  }
}

function writeError(shown: string, error: unknown): HdevError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOSPC'
        ? 'the disk is full'
        : (code ?? String(error));
  return new HdevError(`cannot write ${shown} (${why})`, {
    hint: `hdev writes a temporary file next to ${shown} and renames it over the old one: the folder must be writable.`,
    cause: error,
  });
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every file system lets a directory be synced; the rename is atomic either way.
  }
}

/** Replaces `target` with `text`: a temporary file in the same folder, fsync, then rename. */
function writeAtomically(target: string, text: string): void {
  const mode = isPresent(target) ? statSync(target).mode & 0o7777 : undefined;
  const temp = tempPathFor(target);
  const fd = openSync(temp, 'wx', 0o666);
  let open = true;
  try {
    // Keep the old file's permissions (a .env is often 0600); a new file gets the umask's.
    if (mode !== undefined) fchmodSync(fd, mode);
    writeSync(fd, text);
    fsyncSync(fd);
    open = false;
    closeSync(fd);
    renameSync(temp, target);
  } catch (error) {
    if (open) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // renamed already
    }
    throw error;
  }
  syncDirectory(dirname(target));
}

/** Applies the edit under the file's lock; true when the file changed. */
export function editEnvFile(request: EnvFileEdit): boolean {
  const target = targetOf(request.path);
  let lock: ReturnType<typeof acquireLock>;
  try {
    lock = acquireLock(target, request.shown);
  } catch (error) {
    if (error instanceof HdevError) throw error;
    throw writeError(request.shown, error);
  }
  try {
    const exists = isPresent(request.path);
    if (!exists && !request.createMissing) return false;
    const before = exists
      ? readBoundedText({
          path: request.path,
          shown: request.shown,
          what: 'Env file',
          maxBytes: MAX_ENV_FILE_BYTES,
          hint: 'hdev edits env files that are regular files (or symlinks to one).',
        })
      : '';
    const after = request.edit(before);
    if (after === before) return false;
    try {
      writeAtomically(target, after);
    } catch (error) {
      throw writeError(request.shown, error);
    }
    return true;
  } finally {
    lock.release();
  }
}
