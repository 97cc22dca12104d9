import { describe, expect, it } from 'vitest';
import { serverFaultHint } from '../../../src/addons/server-faults.js';

describe('serverFaultHint', () => {
  it.each<[string, string[], RegExp | undefined]>([
    [
      'PostgreSQL on a full disk',
      [
        'sql_error_code = 53100 FATAL:  could not write lock file "postmaster.pid": No space left on device',
      ],
      /disk that holds its data is full.*untouched/,
    ],
    ['Redis on a full disk', ['# Write error saving DB on disk: No space left on device'], /full/],
    [
      'PostgreSQL port taken',
      ['LOG:  could not bind IPv4 address "127.0.0.1": Address already in use'],
      /took its port/,
    ],
    [
      'Redis port taken',
      [
        '# Warning: Could not create server TCP listening socket 127.0.0.1:6379: bind: Address already in use',
      ],
      /took its port/,
    ],
    [
      'an unreadable data folder',
      ['FATAL:  could not open file "global/pg_control": Permission denied'],
      /permissions/,
    ],
    [
      'another postmaster',
      ['FATAL:  lock file "postmaster.pid" already exists'],
      /Another PostgreSQL/,
    ],
    ['nothing known', ['LOG:  starting PostgreSQL 18.1'], undefined],
    ['no lines', [], undefined],
  ])('%s', (_name, lines, expected) => {
    const hint = serverFaultHint(lines);
    if (expected === undefined) expect(hint).toBeUndefined();
    else expect(hint).toMatch(expected);
  });
});
