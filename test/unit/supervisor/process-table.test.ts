import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  leaderIsLive,
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

describe.runIf(process.platform === 'linux')('leaderIsLive', () => {
  it('says whether a group’s leader runs, from its own stat only', async () => {
    // A shell leading a group of its own, with a child in that group.
    const leader = spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const [line] = (await once(leader.stdout, 'data')) as [Buffer];
      const member = Number(line.toString().trim());
      const pgid = leader.pid ?? 0;
      expect(leaderIsLive(pgid)).toBe(true);
      expect(leaderIsLive(member)).toBe(false); // in the group, but not its leader
      process.kill(pgid, 'SIGKILL');
      await once(leader, 'exit');
      expect(leaderIsLive(pgid)).toBe(false);
      expect(livingGroupMembers(pgid)).toEqual([member]);
    } finally {
      try {
        process.kill(-(leader.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 10_000);
});
