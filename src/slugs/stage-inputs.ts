// What goes into a slug being staged: the source's files (a working tree or a commit) and the
// dependency folders hard-linked in from elsewhere.
import { lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommitRef } from './commit-source.js';
import { listCommit, resolveCommit } from './commit-source.js';
import { dependencyDirCandidates, parentDirs } from './dependency-dirs.js';
import type { GitEnv } from './git.js';
import type { TreeLinker } from './link-tree.js';
import type { ManifestSource } from './manifest.js';
import type { MaterialSource } from './materialise.js';
import type { SlugignoreMatcher } from './slugignore.js';
import { parseSlugignore, slugignoreMatcher } from './slugignore.js';
import type { SourceEntry } from './source-entries.js';
import { listWorkingTree, readSlugignore } from './working-tree.js';

export type SlugSource =
  | { readonly kind: 'working-tree'; readonly root: string }
  | {
      readonly kind: 'commit';
      readonly gitDir: string;
      readonly commit: string;
      /** Environment for git, e.g. a pre-receive hook's quarantine variables; undefined unsets. */
      readonly gitEnv?: GitEnv;
    };

export interface SourceFiles {
  /** The source's files, `.slugignore` applied. */
  readonly entries: readonly SourceEntry[];
  readonly ignored: SlugignoreMatcher;
  readonly warnings: readonly string[];
  readonly material: MaterialSource;
  readonly manifestSource: ManifestSource;
}

/** The source's files minus what its `.slugignore` (at the source's root) removes. */
export async function readSource(source: SlugSource): Promise<SourceFiles> {
  if (source.kind === 'working-tree') {
    const rules = parseSlugignore(readSlugignore(source.root));
    const ignored = slugignoreMatcher(rules);
    return {
      entries: await listWorkingTree(source.root, ignored),
      ignored,
      warnings: rules.warnings,
      material: { kind: 'working-tree', root: source.root },
      manifestSource: { kind: 'working-tree', root: source.root },
    };
  }
  const ref: CommitRef = {
    gitDir: source.gitDir,
    commit: source.commit,
    ...(source.gitEnv ? { gitEnv: source.gitEnv } : {}),
  };
  const commit = await resolveCommit(ref);
  const listing = await listCommit(ref, commit);
  const rules = parseSlugignore(listing.slugignore);
  const ignored = slugignoreMatcher(rules);
  return {
    entries: listing.entries.filter((entry) => !ignored(entry.path, false)),
    ignored,
    warnings: [...listing.warnings, ...rules.warnings],
    material: { kind: 'commit', ...ref },
    manifestSource: { kind: 'commit', gitDir: source.gitDir, commit },
  };
}

/**
 * Hard-links every dependency folder of `from` next to the source folders that have one; a
 * folder `.slugignore` matches is left out. Returns the slug-relative folders linked.
 */
export async function linkDependencies(
  sourcePaths: readonly string[],
  from: string,
  stagingDir: string,
  ignored: SlugignoreMatcher,
  linker: TreeLinker,
): Promise<string[]> {
  const linked: string[] = [];
  for (const candidate of dependencyDirCandidates(parentDirs(sourcePaths))) {
    if (ignored(candidate, true)) continue;
    const source = join(from, candidate);
    const dest = join(stagingDir, candidate);
    let isDir: boolean;
    try {
      const stats = lstatSync(source);
      if (stats.isSymbolicLink()) {
        mkdirSync(dirname(dest), { recursive: true });
        symlinkSync(readlinkSync(source), dest);
        linked.push(candidate);
        continue;
      }
      isDir = stats.isDirectory();
    } catch {
      continue; // not there: nothing to link
    }
    if (!isDir) continue;
    mkdirSync(dirname(dest), { recursive: true });
    await linker.link(source, dest);
    linked.push(candidate);
  }
  return linked;
}
