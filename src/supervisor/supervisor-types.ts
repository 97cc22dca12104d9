// The supervisor's contract with the code that builds it and listens to it.
import type { ProcessType } from '../domain/app-spec.js';
import type { DynoState } from '../domain/dyno-state.js';
import type { Formation } from '../domain/formation.js';
import type { RestartPolicy } from '../domain/restart-policy.js';
import type { LogBus } from '../logs/log-bus.js';
import type { Clock } from '../time/clock.js';
import type { DynoTimings } from './dyno.js';
import type { DynoPorts } from './dyno-ports.js';
import type { ProcessControl } from './process-group.js';
import type { Spawner } from './spawner.js';
import type { GroupRegistry } from './watchdog.js';

export interface SupervisorConfig {
  /** App root: every dyno runs here. */
  readonly root: string;
  readonly processTypes: readonly ProcessType[];
  readonly configVars: Readonly<Record<string, string>>;
  readonly shellEnv: Readonly<Record<string, string | undefined>>;
  readonly formation: Formation;
  readonly basePort: number;
  readonly timings: DynoTimings;
  readonly restartPolicy: RestartPolicy;
  /** foreman's behaviour: the first crash stops everything (hdev exits with its status). */
  readonly exitOnCrash: boolean;
  /**
   * How many dynos a process type that appears in the Procfile on a deploy gets: 1 when
   * `hdev start` ran every type, 0 when it was given a formation (Heroku starts new types at 0).
   */
  readonly newTypeQuantity?: number;
  /** Marks every process of this run's dynos (see dyno-marker.ts); a fresh one by default. */
  readonly runId?: string;
}

/** What a release puts live: the Procfile's types and the config vars of the release. */
export interface ReleaseContent {
  readonly version: number;
  readonly processTypes: readonly ProcessType[];
  readonly configVars: Readonly<Record<string, string>>;
  /** Where the release's dynos run: its slug, as Heroku's run in `/app`; default the app root. */
  readonly dir?: string;
}

export interface SupervisorDeps {
  readonly bus: LogBus;
  readonly clock: Clock;
  readonly spawner: Spawner;
  readonly processes: ProcessControl;
  /** The watchdog that stops the dynos if hdev dies without a shutdown. */
  readonly groups?: GroupRegistry;
  /** Where PORTs come from and how a web dyno is seen up; the system's sockets by default. */
  readonly ports?: DynoPorts;
}

export type SupervisorEvent =
  | {
      readonly type: 'state';
      readonly dyno: string;
      readonly from: DynoState;
      readonly to: DynoState;
    }
  /** A dyno left the formation (scaled down). */
  | { readonly type: 'removed'; readonly dyno: string }
  /** The formation changed (a scale), possibly before any of its dynos exists. */
  | { readonly type: 'formation'; readonly formation: Formation }
  /** A formation dyno crashed while --exit-on-crash is on: the app should stop with `status`. */
  | { readonly type: 'exit-requested'; readonly dyno: string; readonly status: number };

/** Runs before a dyno is stopped on purpose: the router drains it first (by its key). */
export type StopHook = (dynoKey: string) => Promise<void>;

/** The release whose dynos run (or, before the first formation boots, are about to). */
export interface LiveRelease extends ReleaseContent {
  readonly formation: Formation;
}
