// Files a dyno wrote into its slug after it was sealed. On Heroku each dyno has an ephemeral
// filesystem, discarded when the dyno stops or restarts and never shared with other dynos (Dev
// Center: Dyno Isolation); hdev's dynos share a slug folder that outlives them, so hdev warns
// when an app writes there. Bounded: a look, not an audit. Deleted files are not seen.
import type { Dirent } from 'node:fs';
import { lstatSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { isInDependencyDir } from './dependency-dirs.js';
import { Slicer } from './link-tree.js';

export const WRITTEN_SINCE_MAX_PATHS = 20;
export const WRITTEN_SINCE_MAX_ENTRIES = 5_000;

/**
 * Slug-relative paths of files (not folders) whose mtime is after `sealedAtNs`. The source
 * folders are looked at first, breadth-first, and dependency folders (tens of thousands of
 * entries) last, so the usual places (tmp/, log/, public/uploads/) fit the entry budget.
 */
export async function writtenSince(slugDir: string, sealedAtNs: bigint): Promise<string[]> {
  const found: string[] = [];
  const queue: string[] = [''];
  const later: string[] = [];
  const slicer = new Slicer();
  let seen = 0;
  while (found.length < WRITTEN_SINCE_MAX_PATHS && seen < WRITTEN_SINCE_MAX_ENTRIES) {
    const dir = queue.shift() ?? later.shift();
    if (dir === undefined) break;
    let children: Dirent[];
    try {
      children = readdirSync(join(slugDir, dir), { withFileTypes: true });
    } catch {
      continue; // removed meanwhile, or made unreadable by the app: nothing to report there
    }
    for (const child of children) {
      if (++seen > WRITTEN_SINCE_MAX_ENTRIES || found.length >= WRITTEN_SINCE_MAX_PATHS) break;
      const path = dir === '' ? child.name : posix.join(dir, child.name);
      if (child.isDirectory()) (isInDependencyDir(path) ? later : queue).push(path);
      else if (isNewer(join(slugDir, path), sealedAtNs)) found.push(path);
      await slicer.tick();
    }
  }
  return found;
}

function isNewer(path: string, sealedAtNs: bigint): boolean {
  try {
    return lstatSync(path, { bigint: true }).mtimeNs > sealedAtNs;
  } catch {
    return false;
  }
}
