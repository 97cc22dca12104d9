// The slug store: Heroku-style slugs, one immutable snapshot of the app per code release, kept
// outside the app tree in `<data>/apps/<app id>/slugs/` (see src/addons/registry.ts for the
// per-app data folder). Layout:
//   <store>/<id>/                   the slug: what dynos run from (Heroku's /app)
//   <store>/<id>.json               its manifest (never inside the slug: a dyno can write there)
//   <store>/.staging-<pid>-<id>/    a slug being built by process <pid>
// Staging folders live in the store so sealing is one rename on one filesystem. `.git` is never
// in a slug (Heroku's neither); `.slugignore` applies as on Heroku (see slugignore.ts).
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { TreeLinker } from './link-tree.js';
import type { SlugManifest } from './manifest.js';
import { readManifest, writeManifest } from './manifest.js';
import type { PreviousSlug } from './materialise.js';
import { materialise } from './materialise.js';
import { isSlugId, newSlugId, stagingName, stagingOwner } from './slug-id.js';
import type { SlugSource } from './stage-inputs.js';
import { linkDependencies, readSource } from './stage-inputs.js';
import { isAlive, leftoverOwner, removeTree } from './store-cleanup.js';
import { writtenSince } from './written-since.js';

export { SLUG_SIZE_LIMIT_BYTES, slugSizeProblem } from './slug-size.js';

export type { SlugSource } from './stage-inputs.js';

export interface StageOptions {
  /** A folder (the working tree, or a previous slug's folder) whose dependency folders are hard-linked in. */
  readonly dependenciesFrom?: string;
  /** The id of the previous slug, to hard-link unchanged files from. */
  readonly previous?: string;
}

export interface StagedSlug {
  readonly id: string;
  readonly dir: string;
  /** Source files (slug-relative, `/`-separated) that differ from the previous slug's, or all when there is none. */
  readonly changedFiles: readonly string[];
  /** Source files of the previous slug that this one does not have. */
  readonly removedFiles: readonly string[];
  /** The previous slug's id, when it was there to link from. */
  readonly previous?: string;
  /** For the user: `.slugignore` lines ignored, submodules left out, a previous slug gone. */
  readonly warnings: readonly string[];
}

export interface Slug {
  readonly id: string;
  readonly dir: string;
  /** Apparent size of its files, hard-linked ones counted in full. */
  readonly sizeBytes: number;
  /** Files and symbolic links. */
  readonly fileCount: number;
  /** Bytes this slug added on disk: files copied, not linked. */
  readonly addedBytes: number;
}

type PendingManifest = Omit<SlugManifest, 'sealedAtNs'>;

export class SlugStore {
  private readonly pending = new Map<string, PendingManifest>();

  constructor(readonly directory: string) {}

  dir(id: string): string {
    if (!isSlugId(id)) throw new Error(`not a slug id: ${id}`);
    return join(this.directory, id);
  }

  private manifestPath(id: string): string {
    return `${this.dir(id)}.json`;
  }

  /** Materialises the source into a fresh staging folder under the store (same filesystem). */
  async stage(source: SlugSource, options: StageOptions = {}): Promise<StagedSlug> {
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    const id = newSlugId();
    const dir = join(this.directory, stagingName(process.pid, id));
    mkdirSync(dir, { mode: 0o755 });
    // Before anything is read: a source file modified after this may look unchanged next time.
    const stagedAtNs = BigInt(Date.now()) * 1_000_000n;
    try {
      const { entries, ignored, material, manifestSource, ...read } = await readSource(source);
      const warnings = [...read.warnings];
      const previous = this.previousSlug(options.previous, warnings);
      const files = await materialise(entries, material, dir, previous);
      const linker = new TreeLinker();
      const dependencyDirs =
        options.dependenciesFrom === undefined
          ? []
          : await linkDependencies(
              entries.map((e) => e.path),
              options.dependenciesFrom,
              dir,
              ignored,
              linker,
            );
      this.pending.set(id, {
        format: 1,
        id,
        source: manifestSource,
        stagedAtNs: stagedAtNs.toString(),
        sizeBytes: files.bytes + linker.totals.bytes,
        fileCount: entries.length + linker.totals.files,
        addedBytes: files.copiedBytes + linker.totals.copiedBytes,
        dependencyDirs,
        files: files.files,
      });
      const removedFiles = previous
        ? Object.keys(previous.manifest.files).filter((path) => !Object.hasOwn(files.files, path))
        : [];
      return {
        id,
        dir,
        changedFiles: files.changedFiles,
        removedFiles,
        ...(previous ? { previous: previous.manifest.id } : {}),
        warnings,
      };
    } catch (error) {
      await removeTree(dir);
      throw error;
    }
  }

  /** Staging folder → immutable slug folder `<store>/<id>`, and its manifest next to it. */
  async seal(staged: StagedSlug): Promise<Slug> {
    const manifest = this.pending.get(staged.id);
    if (manifest === undefined) throw new Error(`slug ${staged.id} is not staged in this store`);
    this.pending.delete(staged.id);
    const dir = this.dir(staged.id);
    await rename(staged.dir, dir);
    const sealed: SlugManifest = { ...manifest, sealedAtNs: this.filesystemNow().toString() };
    await writeManifest(this.manifestPath(staged.id), sealed);
    return slugOf(sealed, dir);
  }

  async discard(staged: StagedSlug): Promise<void> {
    this.pending.delete(staged.id);
    await removeTree(staged.dir);
  }

  /** The sealed slug, from its manifest; undefined when it was pruned or never sealed. */
  get(id: string): Slug | undefined {
    if (!isSlugId(id)) return undefined;
    const manifest = readManifest(this.manifestPath(id));
    if (manifest?.id !== id) return undefined;
    try {
      if (!statSync(this.dir(id)).isDirectory()) return undefined;
    } catch {
      return undefined;
    }
    return slugOf(manifest, this.dir(id));
  }

  /** Removes every slug not in `keep`, and what dead processes left while staging; the removed ids. */
  async prune(keep: ReadonlySet<string>): Promise<string[]> {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch {
      return [];
    }
    const removed = new Set<string>();
    // Manifests first: a slug without one is already gone for get().
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const id = name.slice(0, -'.json'.length);
      if (!isSlugId(id) || keep.has(id)) continue;
      rmSync(join(this.directory, name), { force: true });
      removed.add(id);
    }
    for (const name of names) {
      const path = join(this.directory, name);
      if (isSlugId(name) && !keep.has(name)) {
        await removeTree(path);
        removed.add(name);
        continue;
      }
      const owner = stagingOwner(name) ?? leftoverOwner(name);
      if (owner !== undefined && owner !== process.pid && !isAlive(owner)) await removeTree(path);
    }
    return [...removed].sort();
  }

  /** Files in the slug created or modified after it was sealed (a dyno wrote them); bounded. */
  async writtenSince(id: string): Promise<string[]> {
    if (!isSlugId(id)) return [];
    const manifest = readManifest(this.manifestPath(id));
    if (manifest === undefined) return [];
    return writtenSince(this.dir(id), BigInt(manifest.sealedAtNs));
  }

  private previousSlug(id: string | undefined, warnings: string[]): PreviousSlug | undefined {
    if (id === undefined) return undefined;
    const manifest = isSlugId(id) ? readManifest(this.manifestPath(id)) : undefined;
    if (manifest === undefined || this.get(id) === undefined) {
      warnings.push(`slug ${id} is gone: every file of the new slug is copied`);
      return undefined;
    }
    return { manifest, dir: this.dir(id) };
  }

  /** The filesystem's clock (it can lag the wall clock by a tick): a fresh file's mtime. */
  private filesystemNow(): bigint {
    const probe = join(this.directory, `.clock-${process.pid}`);
    writeFileSync(probe, '');
    try {
      return lstatSync(probe, { bigint: true }).mtimeNs;
    } finally {
      unlinkSync(probe);
    }
  }
}

function slugOf(manifest: SlugManifest, dir: string): Slug {
  return {
    id: manifest.id,
    dir,
    sizeBytes: manifest.sizeBytes,
    fileCount: manifest.fileCount,
    addedBytes: manifest.addedBytes,
  };
}
