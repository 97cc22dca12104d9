import { describe, expect, it } from 'vitest';
import { isSlugId, newSlugId, stagingName, stagingOwner } from '../../../src/slugs/slug-id.js';

describe('slug ids', () => {
  it('are the UTC time to the millisecond and a random tail, safe as a file name', () => {
    const id = newSlugId(Date.UTC(2026, 11, 1, 21, 18, 44, 123));
    expect(id).toMatch(/^20261201T211844123Z-[0-9a-f]{8}$/);
    expect(isSlugId(id)).toBe(true);
  });

  it('sort by creation and never repeat, even within one millisecond', () => {
    const at = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 50 }, () => newSlugId(at));
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(ids);
  });

  it.each(['', '../etc', '20261201T211844123Z-1a2b3c4d/..', 'x20261201T211844123Z-1a2b3c4d'])(
    'refuses %j',
    (text) => {
      expect(isSlugId(text)).toBe(false);
    },
  );

  it('name staging folders after the process that owns them', () => {
    const id = newSlugId();
    expect(stagingOwner(stagingName(4242, id))).toBe(4242);
    expect(stagingOwner(id)).toBeUndefined();
  });
});
