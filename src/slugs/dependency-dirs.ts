// The folders a build installs dependencies into. A slug takes them whole, hard-linked from the
// folder hdev installed them in, never from the source listing: git ignores them, and on Heroku
// the buildpack puts them in the slug, not the push.
import { posix } from 'node:path';

/** Single folder names that hold dependencies at any depth (npm/yarn, Bundler's config, venv). */
const DEPENDENCY_NAMES: ReadonlySet<string> = new Set(['node_modules', '.bundle', '.venv']);
/** Two-level folders: Bundler's `bundle install --deployment` target. */
const DEPENDENCY_PAIRS: readonly (readonly [string, string])[] = [['vendor', 'bundle']];

/** `true` when the slug-relative path is a dependency folder or lies inside one. */
export function isInDependencyDir(relativePath: string): boolean {
  const parts = relativePath.split('/');
  return parts.some(
    (part, index) =>
      DEPENDENCY_NAMES.has(part) ||
      DEPENDENCY_PAIRS.some(([first, second]) => part === first && parts[index + 1] === second),
  );
}

/** `true` for `.git` anywhere in the path: never in a slug. */
export function isInGitDir(relativePath: string): boolean {
  return relativePath.split('/').includes('.git');
}

/**
 * Where dependency folders may be, given the folders that hold source files (`''` is the root):
 * a `node_modules` next to every `package.json`-bearing folder of a workspace, and so on. A
 * candidate is linked only when it exists; one inside another candidate never is a candidate,
 * because folders inside a dependency folder never hold source files.
 */
export function dependencyDirCandidates(sourceDirs: Iterable<string>): string[] {
  const candidates = new Set<string>();
  for (const dir of sourceDirs) {
    const join = (...parts: string[]) =>
      dir === '' ? posix.join(...parts) : posix.join(dir, ...parts);
    for (const name of DEPENDENCY_NAMES) candidates.add(join(name));
    for (const pair of DEPENDENCY_PAIRS) candidates.add(join(...pair));
  }
  return [...candidates].sort();
}

/** Every folder that holds a path, the root (`''`) included. */
export function parentDirs(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>(['']);
  for (const path of paths) {
    let dir = posix.dirname(path);
    while (dir !== '.' && !dirs.has(dir)) {
      dirs.add(dir);
      dir = posix.dirname(dir);
    }
  }
  return dirs;
}
