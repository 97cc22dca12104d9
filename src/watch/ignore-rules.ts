// Which changed paths the watcher ignores: what git would not deploy (the root .gitignore, since
// Heroku builds what `git push` sends) plus `--ignore` patterns, and always the noise that is never
// the app's code: .git, node_modules (the build installs dependencies, it does not take them from
// the push) and editors' temporary files.
import ignore from 'ignore';

export interface IgnoreRulesOptions {
  /** The root .gitignore's text, when there is one. */
  readonly gitignore: string | undefined;
  /** `--ignore` patterns, in .gitignore syntax. */
  readonly extraPatterns: readonly string[];
}

/** `true` when a change to this path, relative to the app root with `/` separators, is ignored. */
export type IgnoreMatcher = (relativePath: string, isDirectory?: boolean) => boolean;

/**
 * Always ignored, whatever the .gitignore says (a `!` there cannot bring them back). A pattern
 * without a slash matches at any depth, as in .gitignore.
 */
export const ALWAYS_IGNORED: readonly string[] = [
  '.git',
  'node_modules',
  '.DS_Store',
  // vim: swap files (`.x.swp`, then `.swo` when that exists, `.swx` while probing) and the `4913`
  // file it creates to test whether a directory is writable.
  '*.swp',
  '*.swo',
  '*.swx',
  '4913',
  // Backups (`x~`: vim, emacs, gedit) and emacs lock files (`.#x`).
  '*~',
  '.#*',
];

/**
 * The watcher's filter. `isDirectory` lets patterns with a trailing slash (`build/`) match the
 * directory itself; paths inside an ignored directory are ignored either way. The root (the empty
 * path) and paths that leave the app root are never ignored: the watcher only reports paths
 * inside the root, and the `ignore` package refuses the others.
 */
export function createIgnoreMatcher(options: IgnoreRulesOptions): IgnoreMatcher {
  // Case-insensitive (the package's default), as git is where core.ignorecase is true (macOS,
  // Windows): on a case-sensitive disk that can only ignore a little more, never deploy less.
  const always = ignore().add(ALWAYS_IGNORED);
  const user = ignore()
    .add(options.gitignore ?? '')
    .add([...options.extraPatterns]);
  return (relativePath, isDirectory = false) => {
    const path = relativePath.replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
    if (path === '' || path === '.' || !ignore.isPathValid(path)) return false;
    const tested = isDirectory ? `${path}/` : path;
    return always.ignores(tested) || user.ignores(tested);
  };
}
