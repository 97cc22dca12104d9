// A working tree as slug source: what `git ls-files` would have you deploy when the app is in a
// git work tree (tracked files and untracked ones git does not ignore), a walk of the folder
// otherwise. Never `.git`, never a dependency folder (those are hard-linked whole, separately),
// never anything behind a symbolic link: links are taken as links, so a loop cannot hang the walk.
import type { BigIntStats, Dirent } from 'node:fs';
import { lstatSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { isPresent, readBoundedText } from '../config/bounded-read.js';
import { isInDependencyDir, isInGitDir } from './dependency-dirs.js';
import { runGit, splitNul } from './git.js';
import type { SlugignoreMatcher } from './slugignore.js';
import type { SourceEntry } from './source-entries.js';
import { unreadable } from './source-entries.js';

const MAX_SLUGIGNORE_BYTES = 1024 * 1024;

function excluded(path: string): boolean {
  return isInGitDir(path) || isInDependencyDir(path);
}

function entryOf(path: string, stats: BigIntStats): SourceEntry | undefined {
  if (stats.isSymbolicLink()) return { path, type: 'symlink', mode: 0o777, size: 0 };
  if (!stats.isFile()) return undefined; // FIFOs, sockets, devices: git cannot hold them either
  return {
    path,
    type: 'file',
    mode: Number(stats.mode & 0o7777n),
    size: Number(stats.size),
    mtimeNs: stats.mtimeNs,
  };
}

function lstatOrUndefined(root: string, path: string): BigIntStats | undefined {
  try {
    return lstatSync(join(root, path), { bigint: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // deleted since git listed it
    throw unreadable(join(root, path), error);
  }
}

/**
 * Every file and link under `relativeDir` (`''`: the root), without following links. A folder
 * `.slugignore` removes is not entered: it may be large, or unreadable.
 */
function walk(
  root: string,
  relativeDir: string,
  into: SourceEntry[],
  ignored: SlugignoreMatcher,
): void {
  const pending = [relativeDir];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    let children: Dirent[];
    try {
      children = readdirSync(join(root, dir), { withFileTypes: true });
    } catch (error) {
      throw unreadable(join(root, dir), error);
    }
    for (const child of children) {
      const path = dir === '' ? child.name : posix.join(dir, child.name);
      if (excluded(path) || ignored(path, child.isDirectory())) continue;
      if (child.isDirectory()) pending.push(path);
      else {
        const stats = lstatOrUndefined(root, path);
        const entry = stats && entryOf(path, stats);
        if (entry) into.push(entry);
      }
    }
  }
}

/**
 * Paths git would deploy, relative to `root`; undefined when `root` is not in a work tree, or
 * is in one that ignores it (an app in an ignored folder of another repository is not part of
 * that repository: git lists nothing there, and it is walked). One git process: each spawn
 * costs a running hdev start about 10 ms of blocked event loop.
 */
async function gitListing(root: string): Promise<string[] | undefined> {
  const result = await runGit(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
  });
  if (result.status !== 0) return undefined; // 128: no work tree; undefined: no git
  const paths = [...new Set(splitNul(result.stdout))];
  return paths.length === 0 ? undefined : paths;
}

/** Paths git listed, as entries: a folder (a submodule, a nested repository) is walked. */
function entriesOfGitPaths(
  root: string,
  paths: readonly string[],
  ignored: SlugignoreMatcher,
): SourceEntry[] {
  const entries: SourceEntry[] = [];
  for (const path of paths) {
    if (excluded(path) || ignored(path, false)) continue;
    const stats = lstatOrUndefined(root, path);
    if (stats?.isDirectory()) walk(root, path, entries, ignored);
    else {
      const entry = stats && entryOf(path, stats);
      if (entry) entries.push(entry);
    }
  }
  return withoutPathsUnderLinks(entries);
}

/**
 * A path listed under one that is now a symbolic link (a folder replaced by a link since git
 * indexed it) would be read through the link: the link is the file, what is behind it is not.
 */
function withoutPathsUnderLinks(entries: SourceEntry[]): SourceEntry[] {
  const links = new Set(entries.filter((e) => e.type === 'symlink').map((e) => e.path));
  if (links.size === 0) return entries;
  const underLink = (path: string): boolean => {
    for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir))
      if (links.has(dir)) return true;
    return false;
  };
  return entries.filter((entry) => !underLink(entry.path));
}

/** The text of `<root>/.slugignore`, `''` when there is none. */
export function readSlugignore(root: string): string {
  const path = join(root, '.slugignore');
  if (!isPresent(path)) return '';
  return readBoundedText({
    path,
    shown: path,
    what: 'The',
    maxBytes: MAX_SLUGIGNORE_BYTES,
    hint: '.slugignore lists paths to leave out of the slug, one .gitignore-style pattern a line.',
  });
}

/** The source files of the working tree at `root`, sorted by path, minus what `ignored` removes. */
export async function listWorkingTree(
  root: string,
  ignored: SlugignoreMatcher,
): Promise<SourceEntry[]> {
  const gitPaths = await gitListing(root);
  let entries: SourceEntry[];
  if (gitPaths === undefined) {
    entries = [];
    walk(root, '', entries, ignored);
  } else entries = entriesOfGitPaths(root, gitPaths, ignored);
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
