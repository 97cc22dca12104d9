// The one API of a running `hdev start`: the terminal UI, the control socket and the browser
// dashboard all read the app through it and act on it only through its typed commands.
// User syntax (`web=2`, `web+1`) is parsed at the edges (CLI, control protocol, UI keys), never
// here. (process-compose serves its TUI, REST API and remote client from one such interface.)
import type { DynoState } from '../domain/dyno-state.js';
import type { Formation } from '../domain/formation.js';
import type { Release } from '../domain/release.js';
import type { ScaleChange } from '../domain/scale.js';
import type { LogBatch } from '../logs/log-batch.js';

/** `scale web=2` is `{ type: 'web', op: '=', amount: 2 }`; the UI's `+` key is `op: '+'`. */
export type { ScaleChange };

/** One dyno as every client sees it: formation dynos and one-offs (`run.N`) alike. */
export interface DynoSnapshot {
  /** `web.1`, `run.4821`. */
  readonly name: string;
  /** The process type (`web`); for one-offs, `run`. */
  readonly type: string;
  readonly command: string;
  readonly state: DynoState;
  /** When the dyno entered its state, ms since the epoch (uptime while `up`). */
  readonly stateSince: number;
  readonly port: number | undefined;
  readonly pid: number | undefined;
  readonly restarts: number;
  /** The release the dyno runs. */
  readonly release: number;
  /** `hdev run` and console dynos, listed apart as Heroku lists `run` dynos. */
  readonly oneOff: boolean;
  /** CPU of the dyno's process tree, percent of one core, sampled every couple of seconds. */
  readonly cpuPercent: number | undefined;
  /** Resident memory of the dyno's process tree, bytes. */
  readonly memoryBytes: number | undefined;
}

/** An add-on's server (heroku-postgresql, heroku-redis), shown next to the dynos. */
export interface AddonSnapshot {
  /** The attachment name (`DATABASE`, `REDIS`). */
  readonly name: string;
  /** The add-on service (`heroku-postgresql`). */
  readonly service: string;
  readonly state: DynoState;
  readonly stateSince: number;
  readonly port: number | undefined;
  readonly pid: number | undefined;
  /** The config vars the attachment sets (`DATABASE_URL`, …). */
  readonly configVars: readonly string[];
}

export interface EngineSnapshot {
  readonly appName: string;
  readonly appRoot: string;
  /** The current release's version. */
  readonly release: number;
  /** `http://localhost:5006`, or undefined with --no-router. */
  readonly routerUrl: string | undefined;
  /** Process type → quantity, in Procfile order. */
  readonly formation: Formation;
  /** Every process type, in Procfile order (a type at 0 still has a row in `ps`). */
  readonly types: readonly string[];
  readonly dynos: readonly DynoSnapshot[];
  readonly addons: readonly AddonSnapshot[];
  /** A deploy in progress (`Building v3…`, `Running release command…`), until it is done. */
  readonly phase: string | undefined;
  /** Set once a shutdown began: what it is doing (`stopping 3 dynos…`). */
  readonly shutdown: string | undefined;
}

/** A history and the live stream after it, with no gap and no duplicate between them. */
export interface Subscription<T> {
  /** What happened before the subscription, oldest first. */
  readonly history: readonly T[];
  unsubscribe(): void;
}

/** The state when the subscription began; changes after it reach the listener. */
export interface StateSubscription {
  readonly snapshot: EngineSnapshot;
  unsubscribe(): void;
}

/** A commit a `git push` delivered to the app's repository (read with the hook's environment). */
export interface PushedCommit {
  readonly gitDir: string;
  readonly commit: string;
  readonly gitEnv?: Readonly<Record<string, string | undefined>>;
}

export interface Engine {
  snapshot(): EngineSnapshot;
  /**
   * Calls `listener` whenever the snapshot may have changed (dyno states, formation, usage
   * samples, deploy phase, shutdown). Listeners read `snapshot()` themselves, so a burst of
   * changes costs one render.
   */
  onChange(listener: () => void): () => void;
  /**
   * The snapshot now and `listener` on every change after it, in one call: nothing that changes
   * between reading the snapshot and subscribing is missed.
   */
  watch(listener: () => void): StateSubscription;
  /** The retained log and every batch from now on, with no gap. */
  logs(listener: (batch: LogBatch) => void): Subscription<LogBatch>;
  releases(): readonly Release[];
  /** Applies every change at once; resolves with the new formation. Rejects with HdevError. */
  scale(changes: readonly ScaleChange[]): Promise<Formation>;
  /** A dyno (`web.1`), a type (`web`), or every dyno when undefined; resolves with the names. */
  restart(target: string | undefined): Promise<string[]>;
  stop(target: string): Promise<string[]>;
  /** Makes a release from the app's files and config vars as they are now (a config change). */
  deploy(): Promise<Release | undefined>;
  /** `releases:rollback [vN]`: a new release with vN's slug and config vars. Rejects with HdevError. */
  rollback(version: number | undefined): Promise<Release>;
  /** `git push hdev main`: builds the pushed commit into a slug and releases it. */
  deployCommit(push: PushedCommit): Promise<Release>;
  /** The build and release-phase output kept for a release, if any. */
  releaseOutput(version: number): string | undefined;
  /**
   * An add-on just created (`addons:create` on a running app): its server starts, its config
   * vars are set and a release (`Attach DATABASE (@ref:…)`) restarts the dynos with them.
   * Rejects with HdevError when the server cannot start.
   */
  attachAddon(name: string): Promise<Release | undefined>;
  /** The reverse, before `addons:destroy` deletes the data: `Detach DATABASE (@ref:…)`. */
  detachAddon(name: string): Promise<Release | undefined>;
  /** The config vars a one-off dyno gets now (the current release's), for `run` and the console. */
  configVars(): Readonly<Record<string, string>>;
  /**
   * Lists a one-off dyno (`run.N`) while it runs; `requestStop` is called when hdev stops.
   * Returns the function that removes it.
   */
  registerOneOff(
    oneOff: { readonly name: string; readonly command: string; readonly pid: number },
    requestStop: () => void,
  ): () => void;
  /**
   * A graceful shutdown (the UI's `q`, a signal); asked again, it kills at once. `by` names what
   * asked (`q`, `Ctrl-C`), for the summary hdev leaves after the terminal UI.
   */
  requestStop(by?: string): void;
}
