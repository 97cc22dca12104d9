import { describe, expect, it } from 'vitest';
import { createIgnoreMatcher } from '../../../src/watch/ignore-rules.js';

describe('createIgnoreMatcher: always ignored', () => {
  const matcher = createIgnoreMatcher({ gitignore: undefined, extraPatterns: [] });

  it.each<[string, boolean, boolean]>([
    ['', true, false],
    ['.', true, false],
    ['.git', true, true],
    ['.git', false, true],
    ['.git/index', false, true],
    ['.git/objects/ab/cdef', false, true],
    ['node_modules', true, true],
    ['node_modules/express/index.js', false, true],
    ['packages/api/node_modules/x/y.js', false, true],
    ['.DS_Store', false, true],
    ['src/.DS_Store', false, true],
    ['src/.app.js.swp', false, true],
    ['src/.app.js.swo', false, true],
    ['src/.app.js.swx', false, true],
    ['src/4913', false, true],
    ['4913', false, true],
    ['src/app.js~', false, true],
    ['src/.#app.js', false, true],
    ['src/app.js', false, false],
    ['Procfile', false, false],
    ['.env', false, false],
    ['.gitignore', false, false],
    ['.github/workflows/ci.yml', false, false],
    ['my_node_modules/x.js', false, false],
    ['src/49130', false, false],
    ['app.log', false, false],
    ['./src/.DS_Store', false, true],
    ['node_modules/', true, true],
    ['../outside/.git', false, false],
    ['/abs/.git', false, false],
  ])('%j (directory: %s) → ignored: %s', (path, isDirectory, ignored) => {
    expect(matcher(path, isDirectory)).toBe(ignored);
  });
});

describe('createIgnoreMatcher: the root .gitignore and --ignore patterns', () => {
  const matcher = createIgnoreMatcher({
    gitignore: [
      '# build output',
      '/dist',
      'build/',
      '*.log',
      '!keep.log',
      '.env',
      'tmp/**/*.cache',
      '',
      '!node_modules',
      '!.git',
    ].join('\n'),
    extraPatterns: ['uploads/', 'coverage', '*.sqlite3'],
  });

  it.each<[string, boolean, boolean]>([
    ['dist', true, true],
    ['dist/app.js', false, true],
    ['src/dist/app.js', false, false], // anchored to the root by its leading slash
    ['build', true, true],
    ['build', false, false], // `build/` matches directories only
    ['build/out.js', false, true],
    ['src/build/out.js', false, true],
    ['app.log', false, true],
    ['logs/web.log', false, true],
    ['keep.log', false, false],
    ['.env', false, true],
    ['tmp/a/b/c.cache', false, true],
    ['tmp/a/b/c.txt', false, false],
    ['uploads/avatar.png', false, true],
    ['coverage/index.html', false, true],
    ['db/dev.sqlite3', false, true],
    ['src/app.js', false, false],
    ['node_modules/x/index.js', false, true], // a `!` cannot bring it back
    ['.git/HEAD', false, true],
  ])('%j (directory: %s) → ignored: %s', (path, isDirectory, ignored) => {
    expect(matcher(path, isDirectory)).toBe(ignored);
  });
});

describe('createIgnoreMatcher: the sources of patterns are independent', () => {
  it.each<[string, string | undefined, string[], string, boolean]>([
    ['no .gitignore, no --ignore', undefined, [], 'app.log', false],
    ['an empty .gitignore', '', [], 'app.log', false],
    ['--ignore only', undefined, ['*.log'], 'app.log', true],
    ['--ignore negating the .gitignore', '*.log', ['!web.log'], 'web.log', false],
    ['CRLF in the .gitignore', 'a.txt\r\nb.txt\r\n', [], 'b.txt', true],
  ])('%s', (_name, gitignore, extraPatterns, path, ignored) => {
    expect(createIgnoreMatcher({ gitignore, extraPatterns })(path)).toBe(ignored);
  });
});
