import { describe, expect, it } from 'vitest';
import { parseSlugignore, slugignoreMatcher } from '../../../src/slugs/slugignore.js';

const matches = (text: string, path: string, isDirectory = false): boolean =>
  slugignoreMatcher(parseSlugignore(text))(path, isDirectory);

describe('parseSlugignore', () => {
  it('drops comments and blank lines, keeps patterns', () => {
    expect(parseSlugignore('# docs\n\n*.psd\r\n  /spec\n').patterns).toEqual(['*.psd', '/spec']);
  });

  it('ignores a negation, as Heroku does, and says so with the line number', () => {
    const rules = parseSlugignore('*.log\n!keep.log\n');
    expect(rules.patterns).toEqual(['*.log']);
    expect(rules.warnings).toEqual([
      expect.stringMatching(/^\.slugignore line 2: "!keep\.log" is ignored: .*negation/),
    ]);
    expect(matches('*.log\n!keep.log\n', 'keep.log')).toBe(true);
  });
});

describe('slugignoreMatcher', () => {
  it.each<[string, string, string, boolean, boolean]>([
    ['a name matches at any depth', 'secret.txt', 'a/b/secret.txt', false, true],
    ['a leading / anchors to the root', '/spec', 'spec/x_spec.rb', false, true],
    ['a leading / does not match deeper', '/spec', 'lib/spec/x.rb', false, false],
    ['an unanchored folder name matches deeper', 'spec', 'lib/spec/x.rb', false, true],
    ['a trailing / matches a folder', 'tmp/', 'tmp', true, true],
    ['a trailing / matches what is inside the folder', 'tmp/', 'tmp/cache/a', false, true],
    ['a trailing / does not match a file', 'tmp/', 'tmp', false, false],
    ['* does not cross /', 'docs/*.md', 'docs/a/b.md', false, false],
    ['* matches within a name', 'docs/*.md', 'docs/guide.md', false, true],
    ['** crosses folders', 'assets/**/*.psd', 'assets/a/b/c.psd', false, true],
    ['** at the start matches any depth', '**/fixtures', 'test/unit/fixtures/x', false, true],
    ['? is one character', 'file?.txt', 'file1.txt', false, true],
    ['? is not two', 'file?.txt', 'file12.txt', false, false],
    ['a range', 'log[0-9].txt', 'log7.txt', false, true],
    ['a letter range', '[a-c]*.bin', 'big.bin', false, true],
    ['outside a range', '[a-c]*.bin', 'zip.bin', false, false],
    ['case-sensitive, as on Heroku', '*.PSD', 'art.psd', false, false],
    ['no patterns: nothing', '# only a comment\n', 'anything', false, false],
  ])('%s: %s vs %s', (_name, text, path, isDirectory, expected) => {
    expect(matches(text, path, isDirectory)).toBe(expected);
  });
});
