// `.slugignore`: paths Heroku removes from the source before the build. Heroku's Slug Compiler
// article (Dev Center, "Ignoring files with .slugignore"): the file is read from the root of the
// app, the matches are removed after the repository is cloned and before the buildpack runs, and
// its syntax is like .gitignore's except that negated patterns (`!`) are not supported. Pure:
// text in, rules and warnings out.
import ignore from 'ignore';

export interface SlugignoreRules {
  /** The patterns in effect, in .gitignore syntax, comments and blank lines dropped. */
  readonly patterns: readonly string[];
  /** For the user: the lines hdev ignored, as Heroku does, and why. */
  readonly warnings: readonly string[];
}

/** `true` when the path (slug-relative, `/`-separated) is removed from the slug. */
export type SlugignoreMatcher = (relativePath: string, isDirectory: boolean) => boolean;

export function parseSlugignore(text: string): SlugignoreRules {
  const patterns: string[] = [];
  const warnings: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed.startsWith('!')) {
      warnings.push(
        `.slugignore line ${index + 1}: "${trimmed}" is ignored: Heroku's .slugignore does not support negation (!)`,
      );
      return;
    }
    // Trailing spaces are trimmed by .gitignore's rules too, unless escaped with a backslash.
    patterns.push(line.replace(/^\s+/, ''));
  });
  return { patterns, warnings };
}

/**
 * The matcher of a parsed `.slugignore`. Case-sensitive, as on Heroku's Linux build machines.
 * A path inside a matched directory matches too (`tmp/` removes everything under `tmp`).
 */
export function slugignoreMatcher(rules: SlugignoreRules): SlugignoreMatcher {
  if (rules.patterns.length === 0) return () => false;
  const matcher = ignore({ ignorecase: false }).add([...rules.patterns]);
  return (relativePath, isDirectory) => {
    const path = relativePath.replace(/\/+$/, '');
    if (path === '' || !ignore.isPathValid(path)) return false;
    return matcher.ignores(isDirectory ? `${path}/` : path);
  };
}
