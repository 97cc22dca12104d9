// chokidar lists a directory before it watches it (its _handleDir: read the entries, then
// fs.watch): an entry created between the two is neither in the listing nor ever reported. A
// save made while `hdev start` is still scanning the tree fell into that gap and was lost, the
// old code kept serving and nothing said so. Once the scan is over every directory is watched,
// so one more listing of each finds what the gap swallowed.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isWithin } from './app-boundary.js';

/** Pure: the paths of `onDisk` names that chokidar's listing of `dir` lacks. */
export function namesMissing(
  dir: string,
  known: readonly string[],
  onDisk: readonly string[],
): string[] {
  const listed = new Set(known);
  return onDisk.filter((name) => !listed.has(name)).map((name) => join(dir, name));
}

/**
 * The entries under `root` that exist now but are missing from chokidar's `watched` listing
 * (directory → entry names). The listing also holds what the ignore rules left out: the caller
 * filters those.
 */
export async function entriesMissedByScan(
  root: string,
  watched: Readonly<Record<string, readonly string[]>>,
): Promise<string[]> {
  const missed: string[] = [];
  for (const [dir, known] of Object.entries(watched)) {
    if (!isWithin(root, dir)) continue; // the root's parent lists the root
    let onDisk: string[];
    try {
      onDisk = await readdir(dir);
    } catch {
      continue; // removed since, or a file's own entry
    }
    missed.push(...namesMissing(dir, known, onDisk));
  }
  return missed;
}
