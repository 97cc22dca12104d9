import { describe, expect, it } from 'vitest';
import {
  livingDescendants,
  livingGroupMembers,
  parseProcStat,
} from '../../../src/supervisor/process-table.js';

describe('parseProcStat', () => {
  it.each([
    ['123 (node) S 1 123 123 0 -1', { pid: 123, ppid: 1, pgid: 123, zombie: false }],
    ['77 (my (odd) name) R 5 70 70 0', { pid: 77, ppid: 5, pgid: 70, zombie: false }],
    ['88 (sleep) Z 1 80 80 0', { pid: 88, ppid: 1, pgid: 80, zombie: true }],
  ])('%s', (stat, info) => {
    expect(parseProcStat(stat)).toEqual(info);
  });
  it('rejects garbage', () => {
    expect(parseProcStat('nonsense')).toBeUndefined();
  });
});

describe('process tree queries', () => {
  const table = [
    { pid: 10, ppid: 1, pgid: 10, zombie: false },
    { pid: 11, ppid: 10, pgid: 10, zombie: false },
    { pid: 12, ppid: 11, pgid: 12, zombie: false }, // left the group (setsid)
    { pid: 13, ppid: 1, pgid: 10, zombie: false }, // orphan still in the group
    { pid: 14, ppid: 10, pgid: 10, zombie: true },
    { pid: 20, ppid: 1, pgid: 20, zombie: false },
  ];
  it('lists the live members of a group', () => {
    expect(livingGroupMembers(10, table)).toEqual([10, 11, 13]);
  });
  it('lists the live descendants of a pid, across groups', () => {
    expect(livingDescendants(10, table).sort()).toEqual([11, 12]);
  });
});
