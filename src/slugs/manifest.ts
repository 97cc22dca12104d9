// A slug's manifest: `<store>/<id>.json`, next to the slug folder and never inside it (a dyno can
// write anywhere in its slug). It records the sizes, and per source file what the next slug needs
// to decide safely that the file is unchanged and can be hard-linked instead of copied.
import { readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';

/** The slug's copy of a file as the store left it: a dyno that writes to it in place changes it. */
export interface SealedStat {
  readonly ino: string;
  readonly size: number;
  readonly mtimeNs: string;
  readonly mode: number;
}

export interface SourceFileRecord {
  readonly type: 'file' | 'symlink';
  /** Permission bits (`0o755`) of a file. */
  readonly mode: number;
  readonly size: number;
  /** Working-tree sources: the source file's mtime when it was read, in nanoseconds. */
  readonly mtimeNs?: string;
  /** Commit sources: the git blob id. */
  readonly blob?: string;
  /** Symbolic links: where it points. */
  readonly target?: string;
  /** Files: the slug's copy when staged. */
  readonly sealed?: SealedStat;
}

export type ManifestSource =
  | { readonly kind: 'working-tree'; readonly root: string }
  | { readonly kind: 'commit'; readonly gitDir: string; readonly commit: string };

export interface SlugManifest {
  readonly format: 1;
  readonly id: string;
  readonly source: ManifestSource;
  /** Wall clock when staging began, in nanoseconds: how recent a source file's mtime was. */
  readonly stagedAtNs: string;
  /** The filesystem's clock when the slug was sealed: files newer than this a dyno wrote. */
  readonly sealedAtNs: string;
  readonly sizeBytes: number;
  readonly fileCount: number;
  readonly addedBytes: number;
  /** Slug-relative dependency folders, hard-linked in whole. */
  readonly dependencyDirs: readonly string[];
  /** Source files by slug-relative path. */
  readonly files: Readonly<Record<string, SourceFileRecord>>;
}

/** The manifest, or undefined when it is missing or not one hdev wrote. */
export function readManifest(file: string): SlugManifest | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  const valid =
    fields.format === 1 &&
    typeof fields.id === 'string' &&
    typeof fields.sealedAtNs === 'string' &&
    typeof fields.stagedAtNs === 'string' &&
    typeof fields.sizeBytes === 'number' &&
    typeof fields.fileCount === 'number' &&
    typeof fields.addedBytes === 'number' &&
    typeof fields.files === 'object' &&
    fields.files !== null;
  return valid ? (parsed as SlugManifest) : undefined;
}

/**
 * Written to `<file>.<pid>.tmp`, flushed, then renamed over: never seen half-written. The flush
 * waits on the disk (with thousands of fresh links in the journal, tens of milliseconds): it is
 * asynchronous so the event loop does not wait with it.
 */
export async function writeManifest(file: string, manifest: SlugManifest): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o644);
  try {
    await handle.writeFile(`${JSON.stringify(manifest)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}
