// The watcher never leaves the app root. `git push` sends a symlink as a link, not what it points
// to, so hdev does not follow links either: one to an ancestor (`ln -s .. up`, `ln -s . self`)
// would walk the watcher through the parent directory, other apps and back into itself forever.
// Links out of the app or back up into it are reported once and ignored; links within the app
// need no following, the files they point to are watched where they are.
import { dirname, isAbsolute, relative, sep } from 'node:path';

export type LinkEscape = 'outside' | 'ancestor';

/** `inner` is `outer` or below it (real, absolute paths). */
export function isWithin(outer: string, inner: string): boolean {
  const path = relative(outer, inner);
  return path === '' || (!isAbsolute(path) && path !== '..' && !path.startsWith(`..${sep}`));
}

/**
 * Pure: how a link at `linkPath` (real path of its directory joined with its name) whose target
 * resolves to `target` escapes the app at `root` (a real path), or undefined when it does not.
 */
export function linkEscape(root: string, linkPath: string, target: string): LinkEscape | undefined {
  if (!isWithin(root, target)) return 'outside';
  if (isWithin(target, dirname(linkPath))) return 'ancestor';
  return undefined;
}
