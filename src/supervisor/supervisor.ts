// The supervisor: the only owner of dynos. It runs the release phase, boots the formation,
// restarts crashed dynos, stops everything on shutdown, and tells its consumers (the plain
// printer, later the UI and the control socket) what happens through typed events.
import { oneOffDynoName, formationDynoName } from '../domain/dyno-name.js';
import type { DynoState } from '../domain/dyno-state.js';
import { buildDynoEnv } from '../domain/dyno-env.js';
import type { ProcessType } from '../domain/app-spec.js';
import { RELEASE_PROCESS_TYPE } from '../domain/app-spec.js';
import type { Formation } from '../domain/formation.js';
import { platformMessages } from '../domain/platform-messages.js';
import { preferredPort } from '../domain/ports.js';
import type { RestartPolicy } from '../domain/restart-policy.js';
import type { LogBus } from '../logs/log-bus.js';
import { platformBatch } from '../logs/log-bus.js';
import type { Clock } from './clock.js';
import type { DynoSpec, DynoTimings } from './dyno.js';
import { Dyno } from './dyno.js';
import type { ProcessControl } from './process-group.js';
import { allocatePorts } from './port-allocation.js';
import type { ChildExit, Spawner } from './spawner.js';

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
}

export interface SupervisorDeps {
  readonly bus: LogBus;
  readonly clock: Clock;
  readonly spawner: Spawner;
  readonly processes: ProcessControl;
}

export type SupervisorEvent =
  | {
      readonly type: 'state';
      readonly dyno: string;
      readonly from: DynoState;
      readonly to: DynoState;
    }
  /** A formation dyno crashed while --exit-on-crash is on: the app should stop with `status`. */
  | { readonly type: 'exit-requested'; readonly dyno: string; readonly status: number };

export interface DynoView {
  readonly name: string;
  readonly type: string;
  readonly command: string;
  readonly state: DynoState;
  readonly stateSince: number;
  readonly port: number;
  readonly pid: number | undefined;
  readonly restarts: number;
}

export type StartResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'release-failed'; readonly status: number }
  | { readonly ok: false; readonly reason: 'shutdown' };

/** Heroku numbers releases from v1; hdev's first release is the app as it is at start. */
const FIRST_RELEASE = 1;

export class Supervisor {
  readonly #dynos = new Map<string, Dyno>();
  readonly #listeners = new Set<(event: SupervisorEvent) => void>();
  #releaseDyno: Dyno | undefined;
  #shuttingDown = false;
  #formationBooted = false;

  constructor(
    private readonly config: SupervisorConfig,
    private readonly deps: SupervisorDeps,
  ) {}

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Runs the release phase, then boots the formation. */
  async start(): Promise<StartResult> {
    const release = this.config.processTypes.find((type) => type.name === RELEASE_PROCESS_TYPE);
    if (release !== undefined) {
      const status = await this.#runReleasePhase(release, FIRST_RELEASE);
      if (this.#shuttingDown) return { ok: false, reason: 'shutdown' };
      if (status !== 0) return { ok: false, reason: 'release-failed', status };
    }
    const specs = await this.#formationSpecs();
    if (this.#shuttingDown) return { ok: false, reason: 'shutdown' };
    this.#formationBooted = true;
    for (const spec of specs) this.#addDyno(spec).boot();
    return { ok: true };
  }

  /**
   * Heroku's release phase: the `release` command runs in a one-off dyno before any dyno of the
   * new release boots; a non-zero exit fails the release and nothing starts.
   */
  async #runReleasePhase(release: ProcessType, version: number): Promise<number> {
    this.#api(platformMessages.runningRelease(version));
    const [port = this.config.basePort] = await allocatePorts([this.config.basePort], new Set());
    const name = oneOffDynoName('release', new Set(this.#dynos.keys()));
    const dyno = new Dyno(this.#spec(name, release, port, true), this.#dynoDeps());
    this.#releaseDyno = dyno;
    dyno.boot();
    const exit = await dyno.waitForExit();
    await dyno.stop(); // returns at once unless shutdown interrupted the release
    this.#releaseDyno = undefined;
    const status = exit?.status ?? 1;
    this.#api(
      status === 0
        ? platformMessages.releaseCreated(version)
        : platformMessages.releaseFailed(version, status),
    );
    return status;
  }

  async #formationSpecs(): Promise<DynoSpec[]> {
    const typeIndex = new Map(
      this.config.processTypes
        .filter((type) => type.name !== RELEASE_PROCESS_TYPE)
        .map((type, index) => [type.name, index] as const),
    );
    const wanted: { type: ProcessType; index: number; preferred: number }[] = [];
    for (const [typeName, quantity] of this.config.formation) {
      const type = this.config.processTypes.find((candidate) => candidate.name === typeName);
      if (type === undefined) continue;
      for (let index = 1; index <= quantity; index++) {
        wanted.push({
          type,
          index,
          preferred: preferredPort(this.config.basePort, typeIndex.get(typeName) ?? 0, index),
        });
      }
    }
    const ports = await allocatePorts(
      wanted.map((entry) => entry.preferred),
      new Set(),
    );
    return wanted.map((entry, position) =>
      this.#spec(
        formationDynoName(entry.type.name, entry.index),
        entry.type,
        ports[position] ?? entry.preferred,
        false,
      ),
    );
  }

  #spec(name: string, type: ProcessType, port: number, oneOff: boolean): DynoSpec {
    return {
      name,
      type: type.name,
      command: type.command,
      port,
      env: buildDynoEnv(this.config.shellEnv, this.config.configVars, { dyno: name, port }),
      cwd: this.config.root,
      oneOff,
    };
  }

  #addDyno(spec: DynoSpec): Dyno {
    const dyno = new Dyno(spec, this.#dynoDeps());
    this.#dynos.set(spec.name, dyno);
    return dyno;
  }

  #dynoDeps(): ConstructorParameters<typeof Dyno>[1] {
    return {
      bus: this.deps.bus,
      clock: this.deps.clock,
      spawner: this.deps.spawner,
      processes: this.deps.processes,
      timings: this.config.timings,
      restartPolicy: this.config.restartPolicy,
      shouldRestart: () => !this.#shuttingDown && !this.config.exitOnCrash,
      onStateChange: (dyno, from, to) => this.#emit({ type: 'state', dyno: dyno.name, from, to }),
      onExit: (dyno, exit) => this.#dynoExited(dyno, exit),
    };
  }

  #dynoExited(dyno: Dyno, exit: ChildExit): void {
    const crashed = !dyno.spec.oneOff && dyno.state !== 'stopping';
    if (crashed && this.config.exitOnCrash && !this.#shuttingDown) {
      this.#emit({ type: 'exit-requested', dyno: dyno.name, status: exit.status });
    }
  }

  /** Graceful shutdown of every dyno (and a running release); resolves when no process is left. */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    const all = [
      ...this.#dynos.values(),
      ...(this.#releaseDyno === undefined ? [] : [this.#releaseDyno]),
    ];
    await Promise.all(all.map((dyno) => dyno.stop()));
  }

  /** A second Ctrl-C: SIGKILL every dyno now; a pending shutdown() resolves once they are gone. */
  kill(): void {
    this.#shuttingDown = true;
    for (const dyno of this.#allDynos()) dyno.kill();
  }

  /** Last resort when hdev itself is exiting abnormally: SIGKILL every dyno group, synchronously. */
  killSync(): void {
    for (const dyno of this.#allDynos()) {
      const active = dyno.state === 'starting' || dyno.state === 'up' || dyno.state === 'stopping';
      if (active && dyno.pid !== undefined) this.deps.processes.signalGroup(dyno.pid, 'SIGKILL');
    }
  }

  /** True while dynos of `type` are in the formation but not created yet (release phase). */
  formationPending(type: string): boolean {
    return (
      !this.#formationBooted && !this.#shuttingDown && (this.config.formation.get(type) ?? 0) > 0
    );
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  view(): DynoView[] {
    return this.#allDynos().map((dyno) => ({
      name: dyno.name,
      type: dyno.spec.type,
      command: dyno.spec.command,
      state: dyno.state,
      stateSince: dyno.stateSince,
      port: dyno.spec.port,
      pid: dyno.pid,
      restarts: dyno.restarts,
    }));
  }

  #allDynos(): Dyno[] {
    return [
      ...(this.#releaseDyno === undefined ? [] : [this.#releaseDyno]),
      ...this.#dynos.values(),
    ];
  }

  #api(message: string): void {
    // Heroku tags release and formation events as `app[api]`.
    this.deps.bus.publish(platformBatch('api', message, this.deps.clock.now(), 'app'));
  }

  #emit(event: SupervisorEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
