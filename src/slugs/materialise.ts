// Writes a slug's source files into its staging folder. A file is copied (a reflink where the
// filesystem offers one), except when it is unchanged from the previous slug: then it is
// hard-linked from there and costs no space. "Unchanged" must never be wrong, so it needs all of:
// - the source says so: for a commit, the same blob id and mode; for a working tree, the same
//   size, mtime (ns) and mode as the previous slug recorded, and that mtime was at least
//   RACY_MARGIN_NS older than the previous staging (git's "racily clean" problem: an edit within
//   the same timestamp tick as the read leaves size and mtime alike); when it was not, the bytes
//   are compared, as git does for such entries (files up to RACY_COMPARE_MAX_BYTES). A file
//   whose mtime alone moved (a save with no edit, a `touch`) is compared the same way, so it
//   deploys nothing, as a `git push` of the same content builds nothing on Heroku;
// - the previous slug's copy is still as staged (inode, size, mtime, mode): a dyno may have
//   written to it in place.
import {
  constants,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
} from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommitRef, BlobWrite } from './commit-source.js';
import { writeBlobs } from './commit-source.js';
import { parentDirs } from './dependency-dirs.js';
import { Slicer } from './link-tree.js';
import type { SealedStat, SlugManifest, SourceFileRecord } from './manifest.js';
import type { SourceEntry } from './source-entries.js';
import { unreadable } from './source-entries.js';

/** FAT's 2-second timestamps are the coarsest in common use. */
export const RACY_MARGIN_NS = 2_000_000_000n;
/** Racily clean files above this are copied rather than read twice to be compared. */
export const RACY_COMPARE_MAX_BYTES = 1024 * 1024;
const COPY_CONCURRENCY = 8;

export type MaterialSource =
  | { readonly kind: 'working-tree'; readonly root: string }
  | ({ readonly kind: 'commit' } & CommitRef);

export interface PreviousSlug {
  readonly manifest: SlugManifest;
  readonly dir: string;
}

export interface Materialised {
  readonly files: Record<string, SourceFileRecord>;
  /** Source paths not linked from the previous slug. */
  readonly changedFiles: string[];
  readonly bytes: number;
  readonly copiedBytes: number;
}

/** The previous slug's record of a path (its own key only: files are named by users). */
function recordOf(manifest: SlugManifest, path: string): SourceFileRecord | undefined {
  return Object.hasOwn(manifest.files, path) ? manifest.files[path] : undefined;
}

function sealedStat(path: string): SealedStat {
  const stats = lstatSync(path, { bigint: true });
  return {
    ino: stats.ino.toString(),
    size: Number(stats.size),
    mtimeNs: stats.mtimeNs.toString(),
    mode: Number(stats.mode & 0o7777n),
  };
}

/**
 * What the source says of a file: unchanged, changed, "too recent to tell" (racy), or only its
 * mtime moved (touched). The last two are settled by comparing the bytes.
 */
type SourceVerdict = 'same' | 'changed' | 'racy' | 'touched';

function sourceVerdict(
  entry: SourceEntry,
  record: SourceFileRecord,
  previous: SlugManifest,
  source: MaterialSource,
): SourceVerdict {
  if (record.type !== 'file' || entry.type !== 'file' || record.mode !== entry.mode)
    return 'changed';
  if (source.kind === 'commit')
    return previous.source.kind === 'commit' && record.blob === entry.blob ? 'same' : 'changed';
  // Timestamps say something only about the same file: the same working tree.
  if (previous.source.kind !== 'working-tree' || previous.source.root !== source.root)
    return 'changed';
  if (entry.mtimeNs === undefined || record.mtimeNs === undefined) return 'changed';
  if (record.size !== entry.size) return 'changed';
  if (record.mtimeNs !== entry.mtimeNs.toString()) return 'touched';
  return entry.mtimeNs < BigInt(previous.stagedAtNs) - RACY_MARGIN_NS ? 'same' : 'racy';
}

/** Byte for byte, for a racily clean file: read both, small as such files are bounded. */
function sameBytes(sourceFile: string, slugFile: string, size: number): boolean {
  if (size > RACY_COMPARE_MAX_BYTES) return false;
  try {
    return readFileSync(sourceFile).equals(readFileSync(slugFile));
  } catch {
    return false; // unreadable now: the copy will say why
  }
}

function stillAsSealed(path: string, sealed: SealedStat | undefined): boolean {
  if (sealed === undefined) return false;
  try {
    const now = sealedStat(path);
    return (
      now.ino === sealed.ino &&
      now.size === sealed.size &&
      now.mtimeNs === sealed.mtimeNs &&
      now.mode === sealed.mode
    );
  } catch {
    return false;
  }
}

/** Hard-links the previous slug's copy when the file is unchanged; `true` when it did. */
function linkUnchanged(
  entry: SourceEntry,
  dest: string,
  source: MaterialSource,
  previous: PreviousSlug | undefined,
): boolean {
  const record = previous && recordOf(previous.manifest, entry.path);
  if (previous === undefined || record === undefined) return false;
  const verdict = sourceVerdict(entry, record, previous.manifest, source);
  if (verdict === 'changed') return false;
  const from = join(previous.dir, entry.path);
  if (!stillAsSealed(from, record.sealed)) return false;
  if (
    verdict !== 'same' &&
    !(source.kind === 'working-tree' && sameBytes(join(source.root, entry.path), from, entry.size))
  )
    return false;
  try {
    linkSync(from, dest);
    return true;
  } catch {
    return false; // EMLINK and the like: a copy does as well
  }
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await run(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function newRecord(entry: SourceEntry, dest: string, target?: string): SourceFileRecord {
  return {
    type: entry.type,
    mode: entry.mode,
    size: entry.size,
    ...(entry.mtimeNs === undefined ? {} : { mtimeNs: entry.mtimeNs.toString() }),
    ...(entry.blob === undefined ? {} : { blob: entry.blob }),
    ...(target === undefined ? {} : { target }),
    ...(entry.type === 'file' ? { sealed: sealedStat(dest) } : {}),
  };
}

/** A symbolic link's target when it is the same as in the previous slug, else undefined. */
function unchangedLinkTarget(
  entry: SourceEntry,
  source: MaterialSource,
  previous: PreviousSlug | undefined,
): { target: string | undefined; same: boolean } {
  const record = previous && recordOf(previous.manifest, entry.path);
  if (source.kind === 'commit') {
    const same = record?.type === 'symlink' && record.blob === entry.blob;
    return { target: same ? record.target : undefined, same };
  }
  const from = join(source.root, entry.path);
  let target: string;
  try {
    target = readlinkSync(from);
  } catch (error) {
    throw unreadable(from, error);
  }
  return { target, same: record?.type === 'symlink' && record.target === target };
}

export async function materialise(
  entries: readonly SourceEntry[],
  source: MaterialSource,
  stagingDir: string,
  previous: PreviousSlug | undefined,
): Promise<Materialised> {
  for (const dir of [...parentDirs(entries.map((e) => e.path))].sort())
    if (dir !== '') mkdirSync(join(stagingDir, dir), { recursive: true });
  const toWrite: SourceEntry[] = [];
  const changedFiles: string[] = [];
  const targets = new Map<string, string>();
  let bytes = 0;
  let copiedBytes = 0;
  const slicer = new Slicer();
  for (const entry of entries) {
    await slicer.tick();
    const dest = join(stagingDir, entry.path);
    if (entry.type === 'symlink') {
      const { target, same } = unchangedLinkTarget(entry, source, previous);
      if (!same) changedFiles.push(entry.path);
      if (target === undefined) toWrite.push(entry);
      else {
        symlinkSync(target, dest);
        targets.set(entry.path, target);
      }
    } else {
      bytes += entry.size;
      if (linkUnchanged(entry, dest, source, previous)) continue;
      changedFiles.push(entry.path);
      toWrite.push(entry);
      copiedBytes += entry.size;
    }
  }
  if (source.kind === 'commit') {
    const writes: BlobWrite[] = toWrite.map((entry) => ({
      blob: entry.blob ?? '',
      dest: join(stagingDir, entry.path),
      entry,
    }));
    await writeBlobs(source, writes);
  } else await copyFiles(source.root, stagingDir, toWrite);
  // No prototype: a file may be called `__proto__` or `constructor`.
  const files = Object.create(null) as Record<string, SourceFileRecord>;
  for (const entry of entries) {
    const dest = join(stagingDir, entry.path);
    const target =
      entry.type === 'symlink' ? (targets.get(entry.path) ?? readlinkSync(dest)) : undefined;
    files[entry.path] = newRecord(entry, dest, target);
  }
  return { files, changedFiles, bytes, copiedBytes };
}

async function copyFiles(
  root: string,
  stagingDir: string,
  entries: readonly SourceEntry[],
): Promise<void> {
  await forEachLimited(entries, COPY_CONCURRENCY, async (entry) => {
    const from = join(root, entry.path);
    try {
      await copyFile(from, join(stagingDir, entry.path), constants.COPYFILE_FICLONE);
    } catch (error) {
      throw unreadable(from, error);
    }
  });
}
