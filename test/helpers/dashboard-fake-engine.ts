// A small Engine for the dashboard's tests: a snapshot the test sets, a log bus it publishes to,
// and a record of every command the dashboard sent.
import type { DynoSnapshot, Engine, EngineSnapshot } from '../../src/engine/engine-api.js';
import type { Release } from '../../src/domain/release.js';
import type { ScaleChange } from '../../src/domain/scale.js';
import { LogBus } from '../../src/logs/log-bus.js';

export interface FakeEngine extends Engine {
  readonly bus: LogBus;
  readonly calls: string[];
  readonly oneOffs: Map<string, { command: string; pid: number; requestStop: () => void }>;
  vars: Record<string, string>;
  setDynos(dynos: DynoSnapshot[]): void;
}

export function dyno(name: string, fields: Partial<DynoSnapshot> = {}): DynoSnapshot {
  return {
    name,
    type: name.split('.')[0] ?? name,
    command: 'node web.js',
    state: 'up',
    stateSince: Date.now(),
    port: 5006,
    pid: 1234,
    restarts: 0,
    release: 1,
    oneOff: false,
    cpuPercent: 1.5,
    memoryBytes: 30_000_000,
    ...fields,
  };
}

export function createFakeEngine(): FakeEngine {
  const bus = new LogBus();
  const listeners = new Set<() => void>();
  const calls: string[] = [];
  const oneOffs = new Map<string, { command: string; pid: number; requestStop: () => void }>();
  let dynos: DynoSnapshot[] = [dyno('web.1')];
  const releases: Release[] = [
    { version: 1, description: 'Initial release', status: 'succeeded', createdAt: Date.now() },
  ];
  const changed = (): void => {
    for (const listener of listeners) listener();
  };
  const engine: FakeEngine = {
    bus,
    calls,
    oneOffs,
    vars: { SECRET: 'hunter2', GREETING: 'hello' },
    setDynos(next) {
      dynos = next;
      changed();
    },
    snapshot(): EngineSnapshot {
      const runs = [...oneOffs].map(([name, run]) =>
        dyno(name, { type: 'run', command: run.command, pid: run.pid, oneOff: true }),
      );
      return {
        appName: 'fake-app',
        appRoot: '/tmp/fake-app',
        release: releases.length,
        routerUrl: 'http://localhost:5006',
        formation: new Map([['web', dynos.filter((item) => item.type === 'web').length]]),
        types: ['web'],
        dynos: [...dynos, ...runs],
        addons: [],
        phase: undefined,
        shutdown: undefined,
      };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watch(listener) {
      listeners.add(listener);
      return { snapshot: engine.snapshot(), unsubscribe: () => listeners.delete(listener) };
    },
    logs(listener) {
      return bus.subscribeWithHistory(listener);
    },
    releases: () => releases,
    rollback: () => Promise.reject(new Error('the fake engine keeps no slugs')),
    deployCommit: () => Promise.reject(new Error('the fake engine builds no commit')),
    releaseOutput: () => undefined,
    attachAddon: (name) => Promise.reject(new Error(`the fake engine runs no add-on ${name}`)),
    detachAddon: (name) => Promise.reject(new Error(`the fake engine runs no add-on ${name}`)),
    scale(changes: readonly ScaleChange[]) {
      calls.push(`scale ${changes.map((c) => `${c.type}${c.op}${c.amount}`).join(' ')}`);
      return Promise.resolve(new Map([['web', 2]]));
    },
    restart(target) {
      calls.push(`restart ${target ?? '(all)'}`);
      return Promise.resolve([target ?? 'web.1']);
    },
    stop(target) {
      calls.push(`stop ${target}`);
      return Promise.resolve([target]);
    },
    deploy() {
      calls.push('deploy');
      const release: Release = {
        version: releases.length + 1,
        description: 'Set config vars',
        status: 'succeeded',
        createdAt: Date.now(),
      };
      releases.push(release);
      changed();
      return Promise.resolve(release);
    },
    configVars: () => engine.vars,
    registerOneOff(oneOff, requestStop) {
      oneOffs.set(oneOff.name, { command: oneOff.command, pid: oneOff.pid, requestStop });
      changed();
      return () => {
        oneOffs.delete(oneOff.name);
        changed();
      };
    },
    requestStop() {
      calls.push('requestStop');
    },
  };
  return engine;
}
