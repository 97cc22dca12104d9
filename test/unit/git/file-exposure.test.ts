import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitIn } from '../../helpers/git.js';
import type { GitExposure } from '../../../src/git/file-exposure.js';
import { exposureWarning, gitExposure } from '../../../src/git/file-exposure.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const git = gitIn;

/** A folder with an `.env`, set up as the case says. */
function folder(setup: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'hdev-exposure-'));
  dirs.push(dir);
  writeFileSync(join(dir, '.env'), 'A=1\n');
  setup(dir);
  return dir;
}

/** Steps a case takes in its folder, in order. */
const init = (dir: string): unknown => git(dir, 'init', '-q');
const ignore = (dir: string): unknown => writeFileSync(join(dir, '.gitignore'), '.env\n');
const stage = (dir: string): unknown => git(dir, 'add', '.env');
const commit = (dir: string): unknown => git(dir, 'commit', '-q', '-m', 'env');

describe('gitExposure', () => {
  it.each<[string, ((dir: string) => unknown)[], GitExposure]>([
    ['outside a repository', [], 'private'],
    ['untracked and not ignored', [init], 'unignored'],
    ['ignored', [init, ignore], 'private'],
    ['staged', [init, stage], 'tracked'],
    ['committed', [init, stage, commit], 'tracked'],
    ['committed, though .gitignore lists it now', [init, stage, commit, ignore], 'tracked'],
  ])('%s', (_name, steps, expected) => {
    const dir = folder((at) => {
      for (const step of steps) step(at);
    });
    expect(gitExposure(join(dir, '.env'), dir)).toBe(expected);
  });
});

describe('exposureWarning', () => {
  it('says what to do for each exposure, and nothing when the file is private', () => {
    expect(exposureWarning('/app/.env', 'private', 'a secret')).toBeUndefined();
    expect(exposureWarning('/app/.env', 'unignored', 'a secret')).toMatch(
      /holds a secret and git does not ignore it: add .*\.env to \.gitignore/,
    );
    expect(exposureWarning('/app/.env', 'tracked', 'REDIS_URL with a password')).toMatch(
      /is committed to git, and now holds REDIS_URL with a password: do not commit this change/,
    );
  });
});
