import { describe, expect, it } from 'vitest';
import { SLUG_SIZE_LIMIT_BYTES, slugSizeProblem } from '../../../src/slugs/slug-size.js';

describe('slug size limit', () => {
  it("is Heroku's 500 MB", () => {
    expect(SLUG_SIZE_LIMIT_BYTES).toBe(500 * 1024 * 1024);
  });

  it('warns above it only, and says what hdev measures', () => {
    expect(slugSizeProblem(SLUG_SIZE_LIMIT_BYTES)).toBeUndefined();
    expect(slugSizeProblem(SLUG_SIZE_LIMIT_BYTES + 1)).toMatch(/apparent size.*\.slugignore/);
  });
});
