// git in a test's own folder, with a committer identity and branch name of its own, so neither
// the machine's git config nor its absence changes what a test sees.
import { execFileSync } from 'node:child_process';

const IDENTITY = [
  '-c',
  'user.email=t@example.com',
  '-c',
  'user.name=t',
  '-c',
  'init.defaultBranch=main',
];

/** Runs `git ARGS` in `cwd` and returns its trimmed stdout; throws when git fails. */
export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...IDENTITY, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}
