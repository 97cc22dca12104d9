// Whether a burst of events left a net change. An app's short-lived files (SQLite's
// `db.sqlite3-journal`, `sed -i`'s temporary file, an atomic writer's `.tmp`) are created and
// deleted within milliseconds; a file written back as it was keeps its size and mtime. Neither
// changes what `git push` would send, so neither is a deploy.
import type { Stats } from 'node:fs';
import { lstatSync } from 'node:fs';

/** What the watcher compares; `undefined` is "absent". */
export interface FileState {
  readonly size: number;
  readonly mtimeMs: number;
}

export function stateOf(stats: Pick<Stats, 'size' | 'mtimeMs'>): FileState {
  // Whole milliseconds: what `touch -d`, `utimes` and most tools restoring a file can set back.
  return { size: stats.size, mtimeMs: Math.trunc(stats.mtimeMs) };
}

export function currentState(path: string): FileState | undefined {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  return stats === undefined ? undefined : stateOf(stats);
}

export function sameState(a: FileState | undefined, b: FileState | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Each path's state at the last deploy (or at the first scan); paths never seen were absent. */
export class FileStates {
  readonly #known = new Map<string, FileState>();

  remember(path: string, state: FileState | undefined): void {
    if (state === undefined) this.#known.delete(path);
    else this.#known.set(path, state);
  }

  /** True when `now` differs from what was known; `now` becomes what is known. */
  changed(path: string, now: FileState | undefined): boolean {
    const before = this.#known.get(path);
    this.remember(path, now);
    return !sameState(before, now);
  }
}
