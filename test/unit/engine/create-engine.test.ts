// The engine: snapshots of the supervisor, deployer and log bus as every client sees them, and
// the typed commands that act on them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppSpec, ProcessType } from '../../../src/domain/app-spec.js';
import { DEFAULT_RESTART_POLICY } from '../../../src/domain/restart-policy.js';
import type { RunningEngine } from '../../../src/engine/create-engine.js';
import { createEngine } from '../../../src/engine/create-engine.js';
import { HdevError } from '../../../src/errors.js';
import type { LogBatch } from '../../../src/logs/log-batch.js';
import { LogBus, platformBatch } from '../../../src/logs/log-bus.js';
import { Deployer } from '../../../src/releases/deployer.js';
import type { DynoUsage } from '../../../src/supervisor/dyno-usage.js';
import { Supervisor } from '../../../src/supervisor/supervisor.js';
import { FakeClock, flushMicrotasks } from '../../helpers/fake-clock.js';
import { FakeProcesses } from '../../helpers/fake-processes.js';

const WEB: ProcessType = { name: 'web', command: 'node web.js', line: 1 };
const WORKER: ProcessType = { name: 'worker', command: 'node worker.js', line: 2 };

function appSpec(configVars: Record<string, string>): AppSpec {
  return {
    root: '/app',
    name: 'app',
    procfilePath: '/app/Procfile',
    procfile: { types: [WEB, WORKER] },
    envFiles: ['/app/.env'],
    configVars: { values: configVars, origins: {} },
    appJson: undefined,
    diagnostics: [],
  };
}

interface Rig {
  readonly engine: RunningEngine;
  readonly supervisor: Supervisor;
  readonly deployer: Deployer;
  readonly processes: FakeProcesses;
  readonly bus: LogBus;
  readonly stops: number[];
  /** Usage the fake sampler reports, by dyno name. */
  readonly usage: Map<string, DynoUsage>;
  /** How often the fake sampler was asked. */
  readonly samples: { count: number };
}

const rigs: Rig[] = [];

afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    rig.engine.dispose();
    await rig.supervisor.shutdown();
  }
});

function rig(usageSampleMs?: number): Rig {
  const clock = new FakeClock();
  const processes = new FakeProcesses();
  const bus = new LogBus();
  const supervisor = new Supervisor(
    {
      root: '/app',
      processTypes: [WEB, WORKER],
      configVars: { GREETING: 'hi' },
      shellEnv: {},
      formation: new Map([
        ['web', 0],
        ['worker', 1],
      ]),
      basePort: 40_000,
      timings: { bootTimeoutMs: 1_000, stopTimeoutMs: 1_000 },
      restartPolicy: DEFAULT_RESTART_POLICY,
      exitOnCrash: false,
    },
    { bus, clock, spawner: processes.spawner, processes },
  );
  const deployer = new Deployer(
    appSpec({ GREETING: 'hi' }),
    {
      root: '/app',
      loadApp: () => appSpec({ GREETING: 'hi' }),
      buildCommand: 'npm run build',
      preboot: false,
    },
    { supervisor, bus, clock },
  );
  const stops: number[] = [];
  const usage = new Map<string, DynoUsage>();
  const samples = { count: 0 };
  const engine = createEngine(
    { supervisor, deployer, bus },
    {
      appName: 'app',
      appRoot: '/app',
      routerUrl: () => 'http://localhost:5006',
      requestStop: () => stops.push(stops.length + 1),
      usage: {
        sample: () => {
          samples.count++;
          return new Map(usage);
        },
      },
      usageSampleMs,
    },
  );
  const made = { engine, supervisor, deployer, processes, bus, stops, usage, samples };
  rigs.push(made);
  return made;
}

const buildOf = (processes: FakeProcesses) =>
  processes.children.filter((child) => child.request.command === 'npm run build').at(-1);

async function started(r: Rig): Promise<void> {
  const starting = r.deployer.start();
  await flushMicrotasks();
  buildOf(r.processes)?.exit(0);
  const result = await starting;
  if (!result.ok) throw new Error(`the app did not start: ${JSON.stringify(result)}`);
}

describe('createEngine', () => {
  it('shows the app, its formation, every type and every dyno with its usage', async () => {
    const r = rig();
    await started(r);
    r.usage.set('worker.1', { cpuPercent: 12.5, memoryBytes: 1024 });
    r.engine.sampleUsage();
    const snapshot = r.engine.snapshot();
    expect(snapshot).toMatchObject({
      appName: 'app',
      appRoot: '/app',
      release: 1,
      routerUrl: 'http://localhost:5006',
      types: ['web', 'worker'],
      addons: [],
      phase: undefined,
      shutdown: undefined,
    });
    expect([...snapshot.formation]).toEqual([
      ['web', 0],
      ['worker', 1],
    ]);
    expect(snapshot.dynos).toEqual([
      {
        name: 'worker.1',
        type: 'worker',
        command: 'node worker.js',
        state: expect.any(String) as unknown,
        stateSince: expect.any(Number) as unknown,
        port: 40_100,
        pid: expect.any(Number) as unknown,
        restarts: 0,
        release: 1,
        oneOff: false,
        cpuPercent: 12.5,
        memoryBytes: 1024,
      },
    ]);
  });

  it('samples usage only while someone watches', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const r = rig(2_000);
      vi.advanceTimersByTime(10_000);
      expect(r.samples.count).toBe(0);
      let changes = 0;
      const watching = r.engine.watch(() => changes++);
      const alsoWatching = r.engine.onChange(() => undefined);
      vi.advanceTimersByTime(4_000);
      expect(r.samples.count).toBe(2);
      expect(changes).toBe(2);
      watching.unsubscribe();
      vi.advanceTimersByTime(2_000);
      expect(r.samples.count).toBe(3);
      alsoWatching();
      vi.advanceTimersByTime(10_000);
      expect(r.samples.count).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists a one-off while it is registered, and says so to its listeners', async () => {
    const r = rig();
    await started(r);
    let changes = 0;
    const stopListening = r.engine.onChange(() => changes++);
    const asked: string[] = [];
    const unregister = r.engine.registerOneOff(
      { name: 'run.4821', command: 'bash', pid: 4821 },
      () => asked.push('stop'),
    );
    expect(changes).toBe(1);
    const oneOff = r.engine.snapshot().dynos.find((dyno) => dyno.oneOff);
    expect(oneOff).toMatchObject({ name: 'run.4821', type: 'run', command: 'bash', pid: 4821 });
    expect(await r.engine.stop('run.4821')).toEqual(['run.4821']);
    expect(asked).toEqual(['stop']);
    unregister();
    expect(changes).toBe(2);
    expect(r.engine.snapshot().dynos.some((dyno) => dyno.oneOff)).toBe(false);
    stopListening();
  });

  it('scales with typed changes and resolves with the new formation', async () => {
    const r = rig();
    await started(r);
    const formation = await r.engine.scale([
      { type: 'worker', op: '+', amount: 2 },
      { type: 'web', op: '=', amount: 0 },
    ]);
    expect([...formation]).toEqual([
      ['web', 0],
      ['worker', 3],
    ]);
    expect(r.engine.snapshot().dynos.map((dyno) => dyno.name)).toEqual([
      'worker.1',
      'worker.2',
      'worker.3',
    ]);
    expect([...(await r.engine.scale([]))]).toEqual([...formation]);
  });

  it.each([
    [[{ type: 'clock', op: '=', amount: 1 }], "Couldn't find that process type (`clock`)"],
    [[{ type: 'worker', op: '-', amount: 2 }], '`worker-2` would scale worker to -1'],
  ] as const)('refuses %j with an HdevError', async (changes, message) => {
    const r = rig();
    await started(r);
    const refused = r.engine.scale(changes);
    await expect(refused).rejects.toBeInstanceOf(HdevError);
    await expect(refused).rejects.toThrow(message);
  });

  it('tells its listeners when a dyno changes state, until they unsubscribe', async () => {
    const r = rig();
    await started(r);
    let changes = 0;
    const watching = r.engine.watch(() => changes++);
    expect(watching.snapshot.dynos.map((dyno) => dyno.name)).toEqual(['worker.1']);
    const restarted = r.engine.restart('worker.1');
    await flushMicrotasks();
    expect(changes).toBeGreaterThan(0);
    r.processes.children.find((child) => child.request.command === 'node worker.js')?.exit(143);
    expect(await restarted).toEqual(['worker.1']);
    watching.unsubscribe();
    const before = changes;
    await r.engine.scale([{ type: 'worker', op: '+', amount: 1 }]);
    expect(changes).toBe(before);
  });

  it('gives the log history and then every new batch, each once', () => {
    const r = rig();
    r.bus.publish(platformBatch('web.1', 'before', 1));
    const live: LogBatch[] = [];
    const subscription = r.engine.logs((batch) => live.push(batch));
    r.bus.publish(platformBatch('web.1', 'after', 2));
    subscription.unsubscribe();
    r.bus.publish(platformBatch('web.1', 'gone', 3));
    expect(subscription.history.flatMap((batch) => LogBus.splitLines(batch))).toEqual(['before']);
    expect(live.flatMap((batch) => LogBus.splitLines(batch))).toEqual(['after']);
  });

  it("gives the running release's config vars, for one-off dynos", () => {
    expect(rig().engine.configVars()).toEqual({ GREETING: 'hi' });
  });

  it('passes a stop request on and shows the shutdown in progress', async () => {
    const r = rig();
    await started(r);
    let changes = 0;
    r.engine.onChange(() => changes++);
    r.engine.requestStop();
    expect(r.stops).toEqual([1]);
    expect(changes).toBeGreaterThan(0);
    const shutdown = r.supervisor.shutdown();
    await flushMicrotasks();
    expect(r.engine.snapshot().shutdown).toBe('stopping 1 dyno…');
    await shutdown;
    expect(r.engine.snapshot().shutdown).toBe('every dyno stopped');
  });

  it("keeps a crashed dyno's last lines and exit line, and says which dynos still run", async () => {
    const r = rig();
    await started(r);
    expect(r.engine.runReport()).toEqual({ crashes: [], running: ['worker.1'] });
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
    const data = Buffer.from(lines.map((line) => `${line}\n`).join(''));
    r.bus.publish({ time: 1, source: 'app', dyno: 'worker.1', data, lineCount: lines.length });
    r.bus.publish(platformBatch('web.1', 'Process exited with status 9', 1));
    r.processes.children.find((child) => child.request.command === 'node worker.js')?.exit(3);
    // The exit is handled once the fake child's pipes close, a few turns later.
    await vi.waitFor(() => expect(r.engine.runReport().crashes).toHaveLength(1));
    expect(r.engine.runReport().crashes).toEqual([
      {
        dyno: 'worker.1',
        crashes: 1,
        exitLine: 'Process exited with status 3',
        lastLines: lines.slice(2),
      },
    ]);
    await r.supervisor.shutdown();
    expect(r.engine.runReport().running).toEqual([]);
  });

  it('shows the build of a deploy as its phase until the deploy is done', async () => {
    const r = rig();
    await started(r);
    const deploy = r.deployer.deploy(new Set(['/app/worker.js']));
    for (let turn = 0; turn < 50 && r.engine.snapshot().phase === undefined; turn++) {
      await flushMicrotasks();
    }
    expect(r.engine.snapshot().phase).toBe('building v2…');
    buildOf(r.processes)?.exit(0);
    await deploy;
    expect(r.engine.snapshot().phase).toBeUndefined();
    expect(r.engine.snapshot().release).toBe(2);
    expect(r.engine.releases().map((release) => release.version)).toEqual([1, 2]);
  });

  it('releases nothing on deploy when no app file changed', async () => {
    const r = rig();
    await started(r);
    expect(await r.engine.deploy()).toBeUndefined();
  });
});
