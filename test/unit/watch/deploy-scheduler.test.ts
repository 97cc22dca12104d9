import { describe, expect, it } from 'vitest';
import { delay } from '../../../src/time/clock.js';
import type { BurstRule } from '../../../src/watch/deploy-scheduler.js';
import { DeployScheduler } from '../../../src/watch/deploy-scheduler.js';
import type { LoopRule, RunRecord } from '../../../src/watch/loop-detector.js';
import { detectLoop, LoopDetector } from '../../../src/watch/loop-detector.js';
import { FakeClock, flushMicrotasks } from '../../helpers/fake-clock.js';

const DEBOUNCE = 300;

interface RunLog {
  readonly at: number;
  readonly paths: string[];
}

/** A scheduler whose runs take `runMs` on the fake clock, logging when each starts and with what. */
function setup(
  runMs = 0,
  fail?: (index: number) => unknown,
  maxWaitMs?: number,
  burst?: BurstRule,
  halfSaved?: (path: string, at: number) => boolean,
) {
  const clock = new FakeClock();
  const start = clock.now();
  const runs: RunLog[] = [];
  const errors: unknown[] = [];
  const scheduler = new DeployScheduler(clock, {
    debounceMs: DEBOUNCE,
    ...(maxWaitMs === undefined ? {} : { maxWaitMs }),
    ...(burst === undefined ? {} : { burst }),
    ...(halfSaved === undefined
      ? {}
      : { halfSaved: (path) => halfSaved(path, clock.now() - start) }),
    run: async (changes) => {
      runs.push({ at: clock.now() - start, paths: [...changes].sort() });
      const failure = fail?.(runs.length - 1);
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a run may fail with anything
      if (failure !== undefined) throw failure;
      if (runMs > 0) await delay(clock, runMs);
    },
    onError: (error) => errors.push(error),
  });
  /** Advances the clock to `ms` after the start. */
  const at = (ms: number): Promise<void> => clock.advance(start + ms - clock.now());
  return { clock, scheduler, runs, errors, at };
}

/** `[ms, path]` notifications, in time order. */
async function play(
  { scheduler, at }: ReturnType<typeof setup>,
  events: readonly [number, string][],
): Promise<void> {
  for (const [ms, path] of events) {
    await at(ms);
    scheduler.notify(path);
  }
}

describe('DeployScheduler: debounce and queue', () => {
  it.each<[string, number, [number, string][], number, RunLog[]]>([
    ['one change: one run, debounceMs later', 0, [[0, 'a']], 1000, [{ at: 300, paths: ['a'] }]],
    [
      'a burst: one run with every path, debounceMs after the last change',
      0,
      [
        [0, 'a'],
        [100, 'b'],
        [350, 'c'],
        [640, 'a'],
      ],
      2000,
      [{ at: 940, paths: ['a', 'b', 'c'] }],
    ],
    [
      'changes further apart than the debounce: one run each',
      0,
      [
        [0, 'a'],
        [1000, 'b'],
      ],
      2000,
      [
        { at: 300, paths: ['a'] },
        { at: 1300, paths: ['b'] },
      ],
    ],
    [
      'changes during a run: exactly one more run, when the run ends',
      1000,
      [
        [0, 'a'],
        [400, 'b'],
        [500, 'c'],
        [600, 'b'],
        [700, 'd'],
      ],
      5000,
      [
        { at: 300, paths: ['a'] },
        { at: 1300, paths: ['b', 'c', 'd'] },
      ],
    ],
    [
      'a change just before the run ends: the next run waits for the debounce',
      1000,
      [
        [0, 'a'],
        [1200, 'b'],
      ],
      5000,
      [
        { at: 300, paths: ['a'] },
        { at: 1500, paths: ['b'] },
      ],
    ],
    [
      'a change after the debounce elapsed during a run: debounced again from that change',
      1000,
      [
        [0, 'a'],
        [400, 'b'],
        [1200, 'c'],
      ],
      5000,
      [
        { at: 300, paths: ['a'] },
        { at: 1500, paths: ['b', 'c'] },
      ],
    ],
    [
      'the same path again during a run: one more run',
      1000,
      [
        [0, 'a'],
        [500, 'a'],
      ],
      5000,
      [
        { at: 300, paths: ['a'] },
        { at: 1300, paths: ['a'] },
      ],
    ],
    [
      'runs never overlap, however long they take',
      1000,
      [
        [0, 'a'],
        [400, 'b'],
        [1400, 'c'],
        [2400, 'd'],
      ],
      10_000,
      [
        { at: 300, paths: ['a'] },
        { at: 1300, paths: ['b'] },
        { at: 2300, paths: ['c'] },
        { at: 3300, paths: ['d'] },
      ],
    ],
  ])('%s', async (_name, runMs, events, until, expected) => {
    const context = setup(runMs);
    await play(context, events);
    await context.at(until);
    expect(context.runs).toEqual(expected);
    expect(context.clock.pendingTimers).toBe(0);
  });

  it('does not run before the debounce has elapsed', async () => {
    const context = setup();
    await play(context, [[0, 'a']]);
    await context.at(299);
    expect(context.runs).toEqual([]);
    await context.at(300);
    expect(context.runs).toHaveLength(1);
  });

  it.each<[string, unknown]>([
    ['rejects', new Error('release command failed')],
    ['throws a string', 'boom'],
  ])('a run that %s is reported and the scheduler carries on', async (_name, failure) => {
    const context = setup(0, (index) => (index === 0 ? failure : undefined));
    await play(context, [
      [0, 'a'],
      [1000, 'b'],
    ]);
    await context.at(2000);
    expect(context.errors).toEqual([failure]);
    expect(context.runs.map((run) => run.paths)).toEqual([['a'], ['b']]);
    await expect(context.scheduler.idle()).resolves.toBeUndefined();
  });

  it('a run that throws before returning a promise is caught too', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    const scheduler = new DeployScheduler(clock, {
      debounceMs: DEBOUNCE,
      run: () => {
        throw new Error('sync');
      },
      onError: (error) => errors.push(error),
    });
    scheduler.notify('a');
    await clock.advance(DEBOUNCE);
    expect(errors).toEqual([new Error('sync')]);
  });

  it('an error handler that throws does not stop the scheduler', async () => {
    const clock = new FakeClock();
    let runs = 0;
    const scheduler = new DeployScheduler(clock, {
      debounceMs: DEBOUNCE,
      run: () => {
        runs++;
        return Promise.reject(new Error('run'));
      },
      onError: () => {
        throw new Error('handler');
      },
    });
    scheduler.notify('a');
    await clock.advance(1000);
    scheduler.notify('b');
    await clock.advance(1000);
    expect(runs).toBe(2);
  });
});

/** `path` changed every `everyMs` from `fromMs` until before `toMs`. */
function rewrites(path: string, fromMs: number, toMs: number, everyMs: number): [number, string][] {
  const events: [number, string][] = [];
  for (let at = fromMs; at < toMs; at += everyMs) events.push([at, path]);
  return events;
}

const byTime = (events: [number, string][]): [number, string][] =>
  [...events].sort((a, b) => a[0] - b[0]);

describe('DeployScheduler: maxWait bounds how long a change waits', () => {
  const MAX_WAIT = 2000;
  it.each<[string, number, [number, string][], number, RunLog[]]>([
    [
      'a file rewritten faster than the debounce: a run every maxWait, not never',
      0,
      rewrites('log.txt', 0, 5000, 100),
      5000,
      [
        { at: 2000, paths: ['log.txt'] },
        { at: 4000, paths: ['log.txt'] },
      ],
    ],
    [
      'a code edit among the noise is released within maxWait of the first change',
      0,
      byTime([...rewrites('log.txt', 0, 3000, 50), [700, 'web.js']]),
      2500,
      [{ at: 2000, paths: ['log.txt', 'web.js'] }],
    ],
    [
      'a quiet edit still goes after the debounce alone',
      0,
      [[0, 'web.js']],
      1000,
      [{ at: 300, paths: ['web.js'] }],
    ],
    [
      'maxWait counts from the first change waiting, not from the last run',
      1000,
      byTime([[0, 'a'], ...rewrites('log.txt', 400, 4000, 100)]),
      4000,
      [
        { at: 300, paths: ['a'] },
        { at: 2400, paths: ['log.txt'] },
      ],
    ],
  ])('%s', async (_name, runMs, events, until, expected) => {
    const context = setup(runMs, undefined, MAX_WAIT);
    await play(context, events);
    await context.at(until);
    expect(context.runs).toEqual(expected);
  });

  it('without maxWait the same noise holds every run back (the behaviour maxWait fixes)', async () => {
    const context = setup();
    await play(context, rewrites('log.txt', 0, 5000, 100));
    expect(context.runs).toEqual([]);
  });
});

describe('DeployScheduler: a burst of edits ends when it goes quiet', () => {
  const BURST: BurstRule = { quietMs: 40, maxChanges: 3, windowMs: 2000, halfSavedMs: 250 };
  it.each<[string, [number, string][], number, RunLog[]]>([
    [
      'an editor’s save (write, rename, swap file): one run quietMs after its last event',
      [
        [0, 'web.js'],
        [2, 'web.js'],
        [3, '.web.js.swp'],
      ],
      1000,
      [{ at: 43, paths: ['.web.js.swp', 'web.js'] }],
    ],
    [
      'saves further apart than quietMs: one run each',
      [
        [0, 'a'],
        [100, 'b'],
      ],
      1000,
      [
        { at: 40, paths: ['a'] },
        { at: 140, paths: ['b'] },
      ],
    ],
    [
      'a path rewritten again and again: after three changes it waits the full debounce',
      rewrites('log.txt', 0, 1000, 60),
      2000,
      [
        { at: 40, paths: ['log.txt'] },
        { at: 100, paths: ['log.txt'] },
        { at: 160, paths: ['log.txt'] },
        { at: 1260, paths: ['log.txt'] },
      ],
    ],
    [
      'an edit among a file rewritten faster than quietMs waits for maxWait with it',
      byTime([...rewrites('log.txt', 0, 3000, 10), [500, 'web.js']]),
      3500,
      [
        { at: 2000, paths: ['log.txt', 'web.js'] },
        { at: 3290, paths: ['log.txt'] },
      ],
    ],
  ])('%s', async (_name, events, until, expected) => {
    const context = setup(0, undefined, 2000, BURST);
    await play(context, events);
    await context.at(until);
    expect(context.runs).toEqual(expected);
  });

  it('a change read late, in the turn its quiet elapsed, re-arms the quiet', async () => {
    const context = setup(0, undefined, 2000, BURST);
    await play(context, [[0, 'web.js']]);
    // The event loop was busy past the quiet: the next change waited unread while due timers
    // ran first. On the fake clock, a timer due at the same moment and armed after the quiet's.
    context.clock.setTimeout(() => context.scheduler.notify('web.js'), 40);
    await context.at(1000);
    expect(context.runs).toEqual([{ at: 80, paths: ['web.js'] }]);
  });
});

describe('DeployScheduler: a half-saved file holds its burst', () => {
  const BURST: BurstRule = { quietMs: 20, maxChanges: 3, windowMs: 2000, halfSavedMs: 250 };
  /** web.js is empty from its truncate at 0 until its write at `writtenAt`. */
  const truncatedUntil =
    (writtenAt: number) =>
    (path: string, at: number): boolean =>
      path === 'web.js' && at < writtenAt;
  it.each<[string, [number, string][], (path: string, at: number) => boolean, number, RunLog[]]>([
    [
      'a save preempted between its truncate and its write: one run, after the write',
      [
        [0, 'web.js'],
        [100, 'web.js'],
      ],
      truncatedUntil(100),
      1000,
      [{ at: 120, paths: ['web.js'] }],
    ],
    [
      'a file emptied (or deleted) for good: one run, halfSavedMs after its change',
      [[0, 'web.js']],
      () => true,
      1000,
      [{ at: 250, paths: ['web.js'] }],
    ],
    [
      'another path half-saved holds the whole burst',
      [
        [0, 'web.js'],
        [5, 'lib.js'],
        [60, 'web.js'],
      ],
      truncatedUntil(60),
      1000,
      [{ at: 80, paths: ['lib.js', 'web.js'] }],
    ],
    [
      'a file that is whole when the quiet ends: no hold',
      [[0, 'web.js']],
      () => false,
      1000,
      [{ at: 20, paths: ['web.js'] }],
    ],
  ])('%s', async (_name, events, halfSaved, until, expected) => {
    const context = setup(0, undefined, 2000, BURST, halfSaved);
    await play(context, events);
    await context.at(until);
    expect(context.runs).toEqual(expected);
  });

  it('never holds past maxWait', async () => {
    const context = setup(0, undefined, 2000, { ...BURST, halfSavedMs: 5000 }, () => true);
    await play(context, [[0, 'web.js']]);
    await context.at(6000);
    expect(context.runs).toEqual([{ at: 2000, paths: ['web.js'] }]);
  });
});

describe('DeployScheduler: idle and dispose', () => {
  /** Whether the promise has settled, after letting microtasks run. */
  async function settled(promise: Promise<void>): Promise<boolean> {
    let done = false;
    void promise.then(() => (done = true));
    await flushMicrotasks();
    return done;
  }

  it('idle resolves at once when nothing is waiting', async () => {
    const { scheduler } = setup();
    expect(await settled(scheduler.idle())).toBe(true);
  });

  it('idle waits for the debounce, the run and the run after it', async () => {
    const context = setup(1000);
    await play(context, [
      [0, 'a'],
      [500, 'b'],
    ]);
    const idle = context.scheduler.idle();
    await context.at(1299);
    expect(await settled(idle)).toBe(false); // the first run is in progress
    await context.at(2299);
    expect(await settled(idle)).toBe(false); // the second one is
    await context.at(2300);
    expect(await settled(idle)).toBe(true);
    expect(context.runs).toHaveLength(2);
  });

  it('dispose before the debounce elapses: no run, no timer left', async () => {
    const context = setup();
    await play(context, [[0, 'a']]);
    context.scheduler.dispose();
    expect(context.clock.pendingTimers).toBe(0);
    await context.at(1000);
    expect(context.runs).toEqual([]);
    expect(await settled(context.scheduler.idle())).toBe(true);
  });

  it('dispose during a run: the run finishes, nothing follows it', async () => {
    const context = setup(1000);
    await play(context, [
      [0, 'a'],
      [400, 'b'],
    ]);
    context.scheduler.dispose();
    const idle = context.scheduler.idle();
    expect(await settled(idle)).toBe(false);
    await context.at(1300);
    expect(await settled(idle)).toBe(true);
    await context.at(5000);
    expect(context.runs).toEqual([{ at: 300, paths: ['a'] }]);
  });

  it('changes after dispose are ignored', async () => {
    const context = setup();
    context.scheduler.dispose();
    context.scheduler.notify('a');
    await context.at(1000);
    expect(context.runs).toEqual([]);
    expect(context.clock.pendingTimers).toBe(0);
  });
});

describe('detectLoop: the same path in every one of several close runs', () => {
  /** Runs of `durationMs` each, every one starting `gapMs` after the previous one ended. */
  function runs(paths: string[][], gapMs: number, durationMs = 2000): RunRecord[] {
    return paths.map((changed, index) => {
      const startedAt = index * (durationMs + gapMs);
      return { startedAt, finishedAt: startedAt + durationMs, paths: new Set(changed) };
    });
  }
  const LOG = ['log/development.log'];

  it.each<[string, RunRecord[], false | string[]]>([
    ['no runs', [], false],
    ['four close runs', runs([LOG, LOG, LOG, LOG], 500), false],
    ['five close runs', runs([LOG, LOG, LOG, LOG, LOG], 500), LOG],
    ['a gap of exactly 1 s', runs([LOG, LOG, LOG, LOG, LOG], 1000), false],
    ['a gap just under 1 s', runs([LOG, LOG, LOG, LOG, LOG], 999), LOG],
    [
      'a person saving the same file every 1.5 s (deploys of 400 ms)',
      runs([LOG, LOG, LOG, LOG, LOG, LOG], 1100, 400),
      false,
    ],
    [
      'long runs: the gap counts from the end of the previous run',
      runs([LOG, LOG, LOG, LOG, LOG], 500, 60_000),
      LOG,
    ],
    ['no path in all five', runs([['a', 'b'], ['b'], ['a', 'b'], ['a'], ['a', 'b']], 500), false],
    [
      'the paths in all five, sorted',
      runs(
        [
          ['z.db', 'a.log', 'src/x.js'],
          ['a.log', 'z.db'],
          ['z.db', 'a.log'],
          ['a.log', 'z.db', 'src/y.js'],
          ['a.log', 'z.db'],
        ],
        500,
      ),
      ['a.log', 'z.db'],
    ],
    [
      'only the last five count',
      [...runs([['src/app.js']], 0), ...runs([LOG, LOG, LOG, LOG, LOG], 500).map(later(100_000))],
      LOG,
    ],
    [
      'one slow gap in the last five breaks it',
      [...runs([LOG, LOG], 500), ...runs([LOG, LOG, LOG], 500).map(later(100_000))],
      false,
    ],
    [
      'a run in progress: the gap counts from its start',
      runs([LOG, LOG, LOG, LOG, LOG], 1500).map((run, index) =>
        index === 3 ? { startedAt: run.startedAt, paths: run.paths } : run,
      ),
      false, // the fifth starts 1.5 s after the fourth ended but 3.5 s after it started
    ],
  ])('%s', (_name, history, expected) => {
    const verdict = detectLoop(history);
    expect(verdict).toEqual(expected === false ? { loop: false } : { loop: true, paths: expected });
  });

  it.each<[string, LoopRule, number, boolean]>([
    ['two runs, 100 ms: a 50 ms gap', { runs: 2, gapMs: 100 }, 50, true],
    ['two runs, 100 ms: a 100 ms gap', { runs: 2, gapMs: 100 }, 100, false],
    ['a rule of zero runs never fires', { runs: 0, gapMs: 100 }, 0, false],
  ])('a custom rule: %s', (_name, rule, gap, loop) => {
    expect(detectLoop(runs([LOG, LOG], gap), rule).loop).toBe(loop);
  });

  function later(ms: number): (run: RunRecord) => RunRecord {
    return (run) => ({
      startedAt: run.startedAt + ms,
      finishedAt: (run.finishedAt ?? run.startedAt) + ms,
      paths: run.paths,
    });
  }
});

describe('LoopDetector: detectLoop over the runs as they happen', () => {
  /** `[startedAt, finishedAt, paths]`: what record() returns for each run, in order. */
  function replay(runs: readonly [number, number, string[]][]): (false | string[])[] {
    const detector = new LoopDetector();
    return runs.map(([startedAt, finishedAt, paths]) => {
      const verdict = detector.record(startedAt, new Set(paths));
      detector.finished(finishedAt);
      return verdict.loop ? verdict.paths : false;
    });
  }

  it.each<[string, [number, number, string[]][], (false | string[])[]]>([
    [
      'reported on the fifth run, then forgotten until five more',
      Array.from({ length: 10 }, (_, index): [number, number, string[]] => [
        index * 2500,
        index * 2500 + 2000,
        ['tmp/pids/server.pid'],
      ]),
      [
        false,
        false,
        false,
        false,
        ['tmp/pids/server.pid'],
        false,
        false,
        false,
        false,
        ['tmp/pids/server.pid'],
      ],
    ],
    [
      'a person editing different files: no loop',
      Array.from({ length: 6 }, (_, index): [number, number, string[]] => [
        index * 3000,
        index * 3000 + 2000,
        [`src/file${index}.js`],
      ]),
      [false, false, false, false, false, false],
    ],
    [
      'a pause resets the count',
      [
        [0, 1000, ['a.log']],
        [1300, 2300, ['a.log']],
        [2600, 3600, ['a.log']],
        [3900, 4900, ['a.log']],
        [60_000, 61_000, ['a.log']],
      ],
      [false, false, false, false, false],
    ],
  ])('%s', (_name, runs, expected) => {
    expect(replay(runs)).toEqual(expected);
  });

  it('keeps its own copy of the paths', () => {
    const detector = new LoopDetector({ runs: 2, gapMs: 1000 });
    const paths = new Set(['a.log']);
    detector.record(0, paths);
    detector.finished(10);
    paths.clear();
    expect(detector.record(20, new Set(['a.log']))).toEqual({ loop: true, paths: ['a.log'] });
  });
});

describe('DeployScheduler: what a run is told', () => {
  it('gives each run the time its first change arrived, not the time it started', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const firstChanges: number[] = [];
    const scheduler = new DeployScheduler(clock, {
      debounceMs: DEBOUNCE,
      run: async (_changes, firstChangeAt) => {
        firstChanges.push(firstChangeAt - start);
        await delay(clock, 1000);
      },
    });
    scheduler.notify('a');
    await clock.advance(100);
    scheduler.notify('b');
    await clock.advance(400); // run 1 starts at 400 and lasts until 1400
    scheduler.notify('c'); // at 500, during run 1: run 2 starts when run 1 ends
    await clock.advance(2000);
    await flushMicrotasks();
    expect(firstChanges).toEqual([0, 500]);
    scheduler.dispose();
  });
});
