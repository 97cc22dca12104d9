import { describe, expect, it } from 'vitest';
import { parseProcStat } from '../../../src/supervisor/process-table.js';
import type { ProcessInfo } from '../../../src/supervisor/process-table.js';
import { UsageSampler, treeTotals, usageBetween } from '../../../src/supervisor/dyno-usage.js';

const proc = (
  pid: number,
  ppid: number,
  pgid: number,
  cpuTicks: number,
  rssPages: number,
  zombie = false,
): ProcessInfo => ({ pid, ppid, pgid, zombie, cpuTicks, rssPages });

describe('parseProcStat usage fields', () => {
  it('reads utime + stime and rss after a command name with spaces and parentheses', () => {
    const stat =
      '4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 30 12 0 0 20 0 7 0 500 1000000 2560 18446744073709551615';
    expect(parseProcStat(stat)).toEqual({
      pid: 4242,
      ppid: 1,
      pgid: 4242,
      zombie: false,
      cpuTicks: 42,
      rssPages: 2560,
    });
  });
});

describe('treeTotals', () => {
  const table = [
    proc(100, 1, 100, 10, 100), // the dyno's shell, group leader
    proc(101, 100, 100, 20, 200), // its child in the group
    proc(102, 101, 102, 5, 50), // a grandchild that called setsid: still the dyno's
    proc(103, 100, 100, 99, 99, true), // a zombie: gone
    proc(200, 1, 200, 1000, 1000), // another dyno
  ];
  it.each<[string, number, { cpuTicks: number; rssBytes: number } | undefined]>([
    [
      'the group and every descendant, zombies excluded',
      100,
      { cpuTicks: 35, rssBytes: 350 * 4096 },
    ],
    ['another tree', 200, { cpuTicks: 1000, rssBytes: 1000 * 4096 }],
    ['a dyno with no process left', 300, undefined],
  ])('%s', (_name, pgid, expected) => {
    expect(treeTotals(pgid, table)).toEqual(expected);
  });
});

describe('usageBetween', () => {
  it.each<[string, number | undefined, number, number, number | undefined]>([
    ['first sample: no CPU figure yet', undefined, 50, 1000, undefined],
    ['half a core over a second', 0, 50, 1000, 50],
    ['two full cores over two seconds', 100, 500, 2000, 200],
    ['a tree that lost a process does not go negative', 80, 50, 1000, 0],
  ])('%s', (_name, before, after, elapsed, expected) => {
    const usage = usageBetween(
      before === undefined ? undefined : { cpuTicks: before, rssBytes: 0 },
      { cpuTicks: after, rssBytes: 4096 },
      elapsed,
    );
    expect(usage).toEqual({ cpuPercent: expected, memoryBytes: 4096 });
  });
});

describe('UsageSampler', () => {
  it('reports CPU from the second sample on, per dyno', () => {
    let ticks = 0;
    const sampler = new UsageSampler(() => [proc(100, 1, 100, ticks, 10)]);
    const dynos = [
      { name: 'web.1', pid: 100 },
      { name: 'web.2', pid: undefined },
    ];
    expect(sampler.sample(dynos, 0).get('web.1')?.cpuPercent).toBeUndefined();
    ticks = 25;
    expect(sampler.sample(dynos, 1000).get('web.1')).toEqual({
      cpuPercent: 25,
      memoryBytes: 40960,
    });
    expect(sampler.sample(dynos, 2000).has('web.2')).toBe(false);
  });
});
