import { describe, expect, it } from 'vitest';
import { unreadable } from '../../../src/slugs/source-entries.js';

const failure = (code: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: failed`), { code });

describe('unreadable', () => {
  it.each([
    ['EACCES', /^cannot read app\/secret\.txt for the slug: permission denied$/],
    ['ENOENT', /^cannot read app\/secret\.txt for the slug: it disappeared/],
    ['ENOSPC', /^no space left for the slug \(copying app\/secret\.txt\)$/],
    ['EDQUOT', /^no space left for the slug/],
  ])('%s', (code, message) => {
    expect(unreadable('app/secret.txt', failure(code)).message).toMatch(message);
  });

  it('points a full disk at the data folder, not at the file', () => {
    expect(unreadable('a', failure('ENOSPC')).hint).toMatch(
      /disk that holds hdev’s data folder is full/,
    );
  });
});
