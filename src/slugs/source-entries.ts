// What a slug is built from: the source's files, each with what tells whether it changed.
import { HdevError } from '../errors.js';

export interface SourceEntry {
  /** Slug-relative, `/`-separated. */
  readonly path: string;
  readonly type: 'file' | 'symlink';
  /** Permission bits of a file (`0o644`, `0o755`). */
  readonly mode: number;
  readonly size: number;
  /** Working tree: the file's mtime in nanoseconds when it was listed. */
  readonly mtimeNs?: bigint;
  /** Commit: the blob id (a symlink's blob holds its target). */
  readonly blob?: string;
}

export interface SourceListing {
  readonly entries: readonly SourceEntry[];
  /** The text of `.slugignore` at the source's root, `''` when there is none. */
  readonly slugignore: string;
  readonly warnings: readonly string[];
}

/** An error a user can act on for a source file that cannot be read. */
export function unreadable(where: string, error: unknown): HdevError {
  const code = (error as NodeJS.ErrnoException).code;
  // A full disk fails the copy's write, not the read: say which disk, not which file.
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new HdevError(`no space left for the slug (copying ${where})`, {
      hint: 'The disk that holds hdev’s data folder is full: free some space (hdev start --keep-slugs 1 keeps fewer slugs), then deploy again.',
      cause: error,
    });
  }
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOENT'
        ? 'it disappeared while hdev was reading it'
        : error instanceof Error
          ? error.message
          : String(error);
  return new HdevError(`cannot read ${where} for the slug: ${why}`, {
    hint: 'hdev copies every file of the app that git would deploy into the slug: make it readable, or list it in .slugignore (or .gitignore) to leave it out.',
    cause: error,
  });
}
