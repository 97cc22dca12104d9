import { describe, expect, it } from 'vitest';
import { CrashLog, lastLinesOf } from '../../../src/engine/crash-log.js';
import type { LogBatch, LogSource } from '../../../src/logs/log-batch.js';

function batch(dyno: string, lines: readonly string[], source: LogSource = 'app'): LogBatch {
  const data = Buffer.from(lines.map((line) => `${line}\n`).join(''));
  return { time: 1, source, dyno, data, lineCount: lines.length };
}

describe('lastLinesOf', () => {
  it.each<[string, readonly string[], number, readonly string[]]>([
    ['fewer lines than asked', ['a', 'b'], 10, ['a', 'b']],
    ['the last ones of many', ['a', 'b', 'c', 'd'], 2, ['c', 'd']],
    ['empty lines kept', ['a', '', 'b'], 3, ['a', '', 'b']],
    ['UTF-8 whole', ['héllo', '漢字'], 2, ['héllo', '漢字']],
  ])('%s', (_what, lines, count, expected) => {
    expect(lastLinesOf(batch('web.1', lines), count)).toEqual(expected);
  });

  it('cuts a huge line', () => {
    const [line] = lastLinesOf(batch('web.1', ['x'.repeat(100_000)]), 1);
    expect(line?.length).toBe(500);
  });
});

describe('CrashLog', () => {
  it("keeps each crashed dyno's last ten app lines and its exit line, counting its crashes", () => {
    const log = new CrashLog();
    log.record(batch('web.1', ['booting']));
    log.record(
      batch(
        'web.1',
        Array.from({ length: 12 }, (_, i) => `line ${i}`),
      ),
    );
    log.record(batch('worker.1', ['unrelated']));
    log.record(batch('web.1', ['Process exited with status 1', 'State changed'], 'heroku'));
    log.crashed('web.1');
    expect(log.reports()).toEqual([
      {
        dyno: 'web.1',
        crashes: 1,
        exitLine: 'Process exited with status 1',
        lastLines: Array.from({ length: 10 }, (_, i) => `line ${i + 2}`),
      },
    ]);
    // After a restart, the next crash shows only what the new process printed.
    log.record(batch('web.1', ['again']));
    log.record(batch('web.1', ['Process exited with status 137'], 'heroku'));
    log.crashed('web.1');
    expect(log.reports()).toEqual([
      {
        dyno: 'web.1',
        crashes: 2,
        exitLine: 'Process exited with status 137',
        lastLines: ['again'],
      },
    ]);
  });

  it('reports a crash with nothing printed', () => {
    const log = new CrashLog();
    log.crashed('web.1');
    expect(log.reports()).toEqual([
      { dyno: 'web.1', crashes: 1, exitLine: undefined, lastLines: [] },
    ]);
  });
});
