// hdev's own output is never a change: `hdev start > hdev.log` in the app root writes a line on
// every deploy, which would otherwise deploy again. The files behind stdout and stderr are known
// by device and inode (fstat), which holds whatever path they were opened by.
import type { Stats } from 'node:fs';
import { fstatSync, lstatSync } from 'node:fs';

export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

/** The regular files the given descriptors write to (stdout and stderr by default). */
export function outputFiles(fds: readonly number[] = [1, 2]): FileIdentity[] {
  const files: FileIdentity[] = [];
  for (const fd of fds) {
    try {
      const stats = fstatSync(fd);
      if (stats.isFile()) files.push({ dev: stats.dev, ino: stats.ino });
    } catch {
      // A closed descriptor writes nowhere.
    }
  }
  return files;
}

export function isOneOf(
  stats: Pick<Stats, 'dev' | 'ino'>,
  files: readonly FileIdentity[],
): boolean {
  return files.some((file) => file.dev === stats.dev && file.ino === stats.ino);
}

/** True when `path` is one of `files` (and exists). */
export function pathIsOneOf(path: string, files: readonly FileIdentity[]): boolean {
  if (files.length === 0) return false;
  const stats = lstatSync(path, { throwIfNoEntry: false });
  return stats !== undefined && isOneOf(stats, files);
}
