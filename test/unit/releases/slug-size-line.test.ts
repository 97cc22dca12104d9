import { describe, expect, it } from 'vitest';
import { slugSizeLine } from '../../../src/releases/slug-build.js';

describe('slugSizeLine', () => {
  it.each([
    [{ sizeBytes: 2.3 * 1024 * 1024, fileCount: 1 }, 'Slug compiled: 2.3 MiB (1 file)'],
    [{ sizeBytes: 0, fileCount: 644 }, 'Slug compiled: 0.0 MiB (644 files)'],
    [{ sizeBytes: 205 * 1024 * 1024, fileCount: 20303 }, 'Slug compiled: 205.0 MiB (20,303 files)'],
  ])('%o', (slug, line) => {
    expect(slugSizeLine(slug)).toBe(line);
  });

  it('warns past Heroku’s 500 MB limit', () => {
    expect(slugSizeLine({ sizeBytes: 600 * 1024 * 1024, fileCount: 1_234_567 })).toMatch(
      /^Slug compiled: 600\.0 MiB \(1,234,567 files\)\. Warning: /,
    );
  });
});
