import { describe, expect, it } from 'vitest';
import {
  dependencyDirCandidates,
  isInDependencyDir,
  isInGitDir,
  parentDirs,
} from '../../../src/slugs/dependency-dirs.js';

describe('isInDependencyDir', () => {
  it.each<[string, boolean]>([
    ['node_modules', true],
    ['node_modules/a/index.js', true],
    ['packages/web/node_modules/b/x.js', true],
    ['vendor/bundle/ruby/3.3.0/gems/rack/lib/rack.rb', true],
    ['.bundle/config', true],
    ['.venv/bin/python', true],
    ['vendor/assets/app.js', false],
    ['bundle/vendor', false],
    ['src/node_modules_helper.js', false],
    ['lib/my.venv', false],
  ])('%s → %s', (path, expected) => {
    expect(isInDependencyDir(path)).toBe(expected);
  });
});

describe('isInGitDir', () => {
  it.each<[string, boolean]>([
    ['.git', true],
    ['.git/config', true],
    ['sub/.git', true],
    ['.gitignore', false],
    ['.github/workflows/ci.yml', false],
  ])('%s → %s', (path, expected) => {
    expect(isInGitDir(path)).toBe(expected);
  });
});

describe('dependency folder candidates', () => {
  it('are the dependency folders next to every folder that holds source files', () => {
    const dirs = parentDirs(['package.json', 'packages/web/package.json', 'Gemfile']);
    expect([...dirs].sort()).toEqual(['', 'packages', 'packages/web']);
    expect(dependencyDirCandidates(dirs)).toEqual([
      '.bundle',
      '.venv',
      'node_modules',
      'packages/.bundle',
      'packages/.venv',
      'packages/node_modules',
      'packages/vendor/bundle',
      'packages/web/.bundle',
      'packages/web/.venv',
      'packages/web/node_modules',
      'packages/web/vendor/bundle',
      'vendor/bundle',
    ]);
  });
});
