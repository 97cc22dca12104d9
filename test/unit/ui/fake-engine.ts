// A UiEngine for tests: records every command, and lets the test change the snapshot and publish
// log batches as the supervisor would.
import type { UiDyno, UiEngine, UiSnapshot } from '../../../src/ui/engine.js';
import type { LogBatch, LogSource } from '../../../src/logs/log-batch.js';

export type EngineCall =
  | readonly ['scale', string, number]
  | readonly ['restart', string | undefined]
  | readonly ['stop', string]
  | readonly ['quit'];

/** 2026-11-23 18:00:00 UTC: every dyno's state starts then in these tests. */
export const T0 = Date.UTC(2026, 10, 23, 18, 0, 0);

export function dyno(name: string, overrides: Partial<UiDyno> = {}): UiDyno {
  return {
    name,
    type: name.split('.')[0] ?? name,
    state: 'up',
    stateSince: T0,
    port: undefined,
    pid: undefined,
    restarts: 0,
    cpuPercent: undefined,
    memoryBytes: undefined,
    ...overrides,
  };
}

export const DEFAULT_DYNOS: readonly UiDyno[] = [
  dyno('web.1', { port: 5001, pid: 4101, cpuPercent: 1.5, memoryBytes: 52_428_800 }),
  dyno('web.2', { state: 'starting', port: 5002, pid: 4102 }),
  dyno('worker.1', { state: 'crashed', restarts: 2 }),
];

export function snapshotOf(overrides: Partial<UiSnapshot> = {}): UiSnapshot {
  return {
    appName: 'myapp',
    release: 3,
    routerUrl: 'http://localhost:5006',
    formation: new Map([
      ['web', 2],
      ['worker', 1],
    ]),
    dynos: DEFAULT_DYNOS,
    shutdown: undefined,
    notice: undefined,
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

export class FakeEngine implements UiEngine {
  readonly calls: EngineCall[] = [];
  readonly history: LogBatch[] = [];
  #snapshot: UiSnapshot;
  readonly #changeListeners = new Set<() => void>();
  readonly #logListeners = new Set<(batch: LogBatch) => void>();

  constructor(snapshot: UiSnapshot = snapshotOf()) {
    this.#snapshot = snapshot;
  }

  get listenerCount(): number {
    return this.#changeListeners.size + this.#logListeners.size;
  }

  /** Changes the snapshot and tells the listeners, as the supervisor does on every change. */
  update(overrides: Partial<UiSnapshot>): void {
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

  snapshot(): UiSnapshot {
    return this.#snapshot;
  }

  onChange(listener: () => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  onLog(listener: (batch: LogBatch) => void): () => void {
    this.#logListeners.add(listener);
    return () => this.#logListeners.delete(listener);
  }

  logHistory(): readonly LogBatch[] {
    return this.history;
  }

  scale(type: string, delta: number): void {
    this.calls.push(['scale', type, delta]);
  }

  restart(target: string | undefined): void {
    this.calls.push(['restart', target]);
  }

  stop(target: string): void {
    this.calls.push(['stop', target]);
  }

  quit(): void {
    this.calls.push(['quit']);
  }
}
