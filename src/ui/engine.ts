// What the terminal UI sees of the running app, and the only ways it can act on it. The UI
// renders snapshots and sends commands; process logic stays in the supervisor, so the UI and
// plain mode can never disagree.
import type { DynoState } from '../domain/dyno-state.js';
import type { Formation } from '../domain/formation.js';
import type { LogBatch } from '../logs/log-batch.js';

export interface UiDyno {
  readonly name: string;
  readonly type: string;
  readonly state: DynoState;
  /** When the dyno entered its state, ms since the epoch (uptime while `up`). */
  readonly stateSince: number;
  readonly port: number | undefined;
  readonly pid: number | undefined;
  readonly restarts: number;
  /** CPU of the dyno's whole process tree, percent of one core, sampled every couple of seconds. */
  readonly cpuPercent: number | undefined;
  /** Resident memory of the dyno's whole process tree, bytes. */
  readonly memoryBytes: number | undefined;
}

export interface UiSnapshot {
  readonly appName: string;
  readonly release: number;
  /** `http://localhost:5006`, or undefined with --no-router. */
  readonly routerUrl: string | undefined;
  /** Process type → quantity, in Procfile order. */
  readonly formation: Formation;
  readonly dynos: readonly UiDyno[];
  /** Set once a shutdown began: what it is doing (`stopping 3 dynos…`). */
  readonly shutdown: string | undefined;
  /** The last command's outcome or error, shown in the footer (`Scaled to web@2`). */
  readonly notice: string | undefined;
}

export interface UiEngine {
  snapshot(): UiSnapshot;
  /** Called whenever the snapshot may have changed; returns a function that unsubscribes. */
  onChange(listener: () => void): () => void;
  /** Every log batch from now on; returns a function that unsubscribes. */
  onLog(listener: (batch: LogBatch) => void): () => void;
  /** The retained log, oldest first, to fill the log pane at start. */
  logHistory(): readonly LogBatch[];
  /** `+`/`-`: change a type's quantity by `delta` (outcome reported through `notice`). */
  scale(type: string, delta: number): void;
  /** A dyno (`web.1`), a type (`web`), or every dyno when undefined. */
  restart(target: string | undefined): void;
  stop(target: string): void;
  /** `q` or Ctrl-C: a graceful shutdown; asked again, it kills at once. */
  quit(): void;
}
