// An Engine for tests: records every command, and lets the test change the snapshot and publish
// log batches as the supervisor would.
import type {
  DynoSnapshot,
  Engine,
  EngineSnapshot,
  ScaleChange,
  StateSubscription,
  Subscription,
} from '../../src/engine/engine-api.js';
import type { Formation } from '../../src/domain/formation.js';
import type { Release } from '../../src/domain/release.js';
import type { LogBatch, LogSource } from '../../src/logs/log-batch.js';

export type EngineCall =
  | readonly ['scale', readonly ScaleChange[]]
  | readonly ['restart', string | undefined]
  | readonly ['stop', string]
  | readonly ['requestStop'];

/** 2026-11-23 18:00:00 UTC: every dyno's state starts then in these tests. */
export const T0 = Date.UTC(2026, 10, 23, 18, 0, 0);

export function dyno(name: string, overrides: Partial<DynoSnapshot> = {}): DynoSnapshot {
  return {
    name,
    type: name.split('.')[0] ?? name,
    command: 'node index.js',
    state: 'up',
    stateSince: T0,
    port: undefined,
    pid: undefined,
    restarts: 0,
    release: 3,
    oneOff: false,
    cpuPercent: undefined,
    memoryBytes: undefined,
    ...overrides,
  };
}

export const DEFAULT_DYNOS: readonly DynoSnapshot[] = [
  dyno('web.1', { port: 5001, pid: 4101, cpuPercent: 1.5, memoryBytes: 52_428_800 }),
  dyno('web.2', { state: 'starting', port: 5002, pid: 4102 }),
  dyno('worker.1', { state: 'crashed', restarts: 2 }),
];

export function snapshotOf(overrides: Partial<EngineSnapshot> = {}): EngineSnapshot {
  return {
    appName: 'myapp',
    appRoot: '/apps/myapp',
    release: 3,
    routerUrl: 'http://localhost:5006',
    formation: new Map([
      ['web', 2],
      ['worker', 1],
    ]),
    types: ['web', 'worker'],
    dynos: DEFAULT_DYNOS,
    addons: [],
    phase: undefined,
    shutdown: undefined,
    ...overrides,
  };
}

/** A batch of complete lines, as the output reader publishes them. */
export function batchOf(
  dynoName: string,
  lines: readonly (string | Buffer)[],
  source: LogSource = 'app',
  time = T0,
): LogBatch {
  const data = Buffer.concat(
    lines.map((line) => Buffer.concat([Buffer.from(line), Buffer.from('\n')])),
  );
  return { time, source, dyno: dynoName, data, lineCount: lines.length };
}

/** How a command of the fake engine ends: at once with this value, or with this error. */
type Outcome<T> = { readonly value: T } | { readonly error: Error };

export class FakeEngine implements Engine {
  readonly calls: EngineCall[] = [];
  readonly history: LogBatch[] = [];
  /** What the next scale, restart and stop resolve with (or reject with). */
  scaleOutcome: Outcome<Formation> = { value: new Map([['web', 3]]) };
  targetsOutcome: Outcome<string[]> = { value: ['web.1'] };
  #snapshot: EngineSnapshot;
  readonly #changeListeners = new Set<() => void>();
  readonly #logListeners = new Set<(batch: LogBatch) => void>();

  constructor(snapshot: EngineSnapshot = snapshotOf()) {
    this.#snapshot = snapshot;
  }

  get listenerCount(): number {
    return this.#changeListeners.size + this.#logListeners.size;
  }

  /** Changes the snapshot and tells the listeners, as the supervisor does on every change. */
  update(overrides: Partial<EngineSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...overrides };
    for (const listener of this.#changeListeners) listener();
  }

  publish(batch: LogBatch): void {
    for (const listener of this.#logListeners) listener(batch);
  }

  /** Publishes one batch of lines from `dynoName`. */
  log(dynoName: string, lines: readonly (string | Buffer)[], source: LogSource = 'app'): void {
    this.publish(batchOf(dynoName, lines, source));
  }

  snapshot(): EngineSnapshot {
    return this.#snapshot;
  }

  onChange(listener: () => void): () => void {
    const own = (): void => listener();
    this.#changeListeners.add(own);
    return () => this.#changeListeners.delete(own);
  }

  watch(listener: () => void): StateSubscription {
    return { snapshot: this.#snapshot, unsubscribe: this.onChange(listener) };
  }

  logs(listener: (batch: LogBatch) => void): Subscription<LogBatch> {
    const own = (batch: LogBatch): void => listener(batch);
    this.#logListeners.add(own);
    return { history: [...this.history], unsubscribe: () => this.#logListeners.delete(own) };
  }

  releases(): readonly Release[] {
    return [];
  }

  scale(changes: readonly ScaleChange[]): Promise<Formation> {
    this.calls.push(['scale', changes]);
    return settle(this.scaleOutcome);
  }

  restart(target: string | undefined): Promise<string[]> {
    this.calls.push(['restart', target]);
    return settle(this.targetsOutcome);
  }

  stop(target: string): Promise<string[]> {
    this.calls.push(['stop', target]);
    return settle(this.targetsOutcome);
  }

  deploy(): Promise<Release | undefined> {
    return Promise.resolve(undefined);
  }

  rollback(version: number | undefined): Promise<Release> {
    return Promise.reject(new Error(`the fake engine keeps no slug for v${version ?? '?'}`));
  }

  deployCommit(): Promise<Release> {
    return Promise.reject(new Error('the fake engine builds no commit'));
  }

  releaseOutput(): string | undefined {
    return undefined;
  }

  attachAddon(name: string): Promise<Release | undefined> {
    return Promise.reject(new Error(`the fake engine runs no add-on ${name}`));
  }

  detachAddon(name: string): Promise<Release | undefined> {
    return Promise.reject(new Error(`the fake engine runs no add-on ${name}`));
  }

  configVars(): Readonly<Record<string, string>> {
    return {};
  }

  registerOneOff(): () => void {
    return () => undefined;
  }

  requestStop(): void {
    this.calls.push(['requestStop']);
  }
}

function settle<T>(outcome: Outcome<T>): Promise<T> {
  return 'value' in outcome ? Promise.resolve(outcome.value) : Promise.reject(outcome.error);
}
