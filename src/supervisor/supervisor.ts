// The supervisor: the only owner of dynos. It runs the release phase, boots the formation,
// restarts crashed dynos, stops everything on shutdown, and tells its consumers (the plain
// printer, later the UI and the control socket) what happens through typed events.
import { WEB_TYPE, oneOffDynoName, formationDynoName } from '../domain/dyno-name.js';
import type { DynoState } from '../domain/dyno-state.js';
import { buildDynoEnv } from '../domain/dyno-env.js';
import type { ProcessType } from '../domain/app-spec.js';
import { RELEASE_PROCESS_TYPE } from '../domain/app-spec.js';
import type { Formation } from '../domain/formation.js';
import { platformMessages } from '../domain/platform-messages.js';
import { applyScale, parseScaleArgs, scaledMessage } from '../domain/scale.js';
import { HdevError } from '../errors.js';
import { preferredPort } from '../domain/ports.js';
import type { RestartPolicy } from '../domain/restart-policy.js';
import type { LogBus } from '../logs/log-bus.js';
import { platformBatch } from '../logs/log-bus.js';
import type { Clock } from '../time/clock.js';
import type { DynoSpec, DynoTimings } from './dyno.js';
import { Dyno } from './dyno.js';
import type { ProcessControl } from './process-group.js';
import { allocatePorts } from './port-allocation.js';
import type { ChildExit, Spawner } from './spawner.js';
import { markedProcesses, newRunId, runNeedle } from './dyno-marker.js';
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

/** What a deploy changes: the Procfile's types and the config vars of the new release. */
export interface ReleaseContent {
  readonly version: number;
  readonly processTypes: readonly ProcessType[];
  readonly configVars: Readonly<Record<string, string>>;
}

export interface SupervisorDeps {
  readonly bus: LogBus;
  readonly clock: Clock;
  readonly spawner: Spawner;
  readonly processes: ProcessControl;
  /** The watchdog that stops the dynos if hdev dies without a shutdown. */
  readonly groups?: GroupRegistry;
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
  /** A formation dyno crashed while --exit-on-crash is on: the app should stop with `status`. */
  | { readonly type: 'exit-requested'; readonly dyno: string; readonly status: number };

export interface DynoView {
  readonly name: string;
  /** Unique per dyno process (see Dyno.key). */
  readonly key: string;
  readonly type: string;
  readonly command: string;
  readonly state: DynoState;
  readonly stateSince: number;
  readonly port: number;
  /** Where a web dyno's PORT answers (127.0.0.1, ::1…), once it is up. */
  readonly address: string | undefined;
  readonly pid: number | undefined;
  readonly restarts: number;
  /** The release the dyno runs (v1 until releases exist beyond the first). */
  readonly release: number;
}

/** A one-off dyno (`hdev run`) announced to this app while it runs. */
export interface OneOffView {
  readonly name: string;
  readonly command: string;
  readonly pid: number;
  readonly since: number;
}

/** Runs before a dyno is stopped on purpose: the router drains it first (by its key). */
export type StopHook = (dynoKey: string) => Promise<void>;

/** A rollout either put the release live or left the previous one running, and says why. */
export type RolloutResult =
  { readonly ok: true } | { readonly ok: false; readonly failure: string };

interface ReleaseSnapshot {
  readonly processTypes: readonly ProcessType[];
  readonly configVars: Readonly<Record<string, string>>;
  readonly release: number;
  readonly formation: Formation;
}

interface PrebootResult {
  readonly old: Dyno;
  readonly next: Dyno;
  /** Why the new dyno cannot take over (`web.1 crashed during boot`). */
  readonly failure?: string;
}

export type StartResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'release-failed'; readonly status: number }
  | { readonly ok: false; readonly reason: 'shutdown' };

/** Heroku numbers releases from v1; hdev's first release is the app as it is at start. */
const FIRST_RELEASE = 1;

/** `web.12` → 12. */
/** Heroku routes HTTP only to `web`; preboot applies to it. */

function dynoIndex(name: string): number {
  return Number(name.slice(name.lastIndexOf('.') + 1));
}

export class Supervisor {
  readonly #dynos = new Map<string, Dyno>();
  readonly #listeners = new Set<(event: SupervisorEvent) => void>();
  /** The one-off task running now: the release phase or a build. */
  #taskDyno: Dyno | undefined;
  /** Dynos of a rollout not yet in #dynos (new ones booting) or out of it (old ones stopping). */
  readonly #transient = new Set<Dyno>();
  #processTypes: readonly ProcessType[];
  #configVars: Readonly<Record<string, string>>;
  #shuttingDown = false;
  #formationBooted = false;
  #formationBootedAt: number | undefined;
  #formation: Formation;
  readonly #oneOffs = new Map<string, OneOffView>();
  readonly #oneOffStops = new Map<OneOffView, () => void>();
  #release = FIRST_RELEASE;
  #beforeStop: StopHook = () => Promise.resolve();
  /** Formation changes apply one at a time, in the order they were asked for. */
  #changes: Promise<unknown> = Promise.resolve();
  /** Every dyno process of this run carries it (see dyno-marker.ts). */
  readonly runId: string;

  constructor(
    private readonly config: SupervisorConfig,
    private readonly deps: SupervisorDeps,
  ) {
    this.#formation = config.formation;
    this.runId = config.runId ?? newRunId();
    this.#processTypes = config.processTypes;
    this.#configVars = config.configVars;
  }

  /** The router registers its drain here, so a dyno gets no new requests before SIGTERM. */
  setStopHook(hook: StopHook): void {
    this.#beforeStop = hook;
  }

  get formation(): Formation {
    return this.#formation;
  }

  get release(): number {
    return this.#release;
  }

  /** Process types that can run as dynos, in Procfile order (release excluded). */
  get formationTypes(): string[] {
    return this.#processTypes
      .map((type) => type.name)
      .filter((name) => name !== RELEASE_PROCESS_TYPE);
  }

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * When the first formation was spawned (ms since the epoch): what the dynos write from then on
   * is theirs, and the watcher, which starts later, must still see it.
   */
  get formationBootedAt(): number | undefined {
    return this.#formationBootedAt;
  }

  /** Runs the release phase, then boots the formation. */
  async start(): Promise<StartResult> {
    const release = this.#processTypes.find((type) => type.name === RELEASE_PROCESS_TYPE);
    if (release !== undefined) {
      const status = await this.#runReleasePhase(release, FIRST_RELEASE);
      if (this.#shuttingDown) return { ok: false, reason: 'shutdown' };
      if (status !== 0) return { ok: false, reason: 'release-failed', status };
    }
    const specs = await this.#specsFor(this.#formation);
    if (this.#shuttingDown) return { ok: false, reason: 'shutdown' };
    this.#formationBooted = true;
    this.#formationBootedAt = this.deps.clock.now();
    for (const spec of specs) this.#addDyno(spec).boot();
    return { ok: true };
  }

  /**
   * Heroku's release phase: the `release` command runs in a one-off dyno before any dyno of the
   * new release boots; a non-zero exit fails the release and nothing of it starts.
   */
  async #runReleasePhase(release: ProcessType, version: number): Promise<number> {
    this.#api(platformMessages.runningRelease(version));
    const status = await this.runTask(RELEASE_PROCESS_TYPE, release.command);
    this.#api(
      status === 0
        ? platformMessages.releaseCreated(version)
        : platformMessages.releaseFailed(version, status),
    );
    return status;
  }

  /**
   * Runs a one-off task to completion (a release phase as `release.N`, a build as `build`,
   * whose output shows as `app[build]`) with the current config vars; resolves with its status.
   */
  async runTask(kind: string, command: string, configVars = this.#configVars): Promise<number> {
    const [port = this.config.basePort] = await allocatePorts(
      [this.config.basePort],
      this.#portsInUse(),
    );
    const name =
      kind === RELEASE_PROCESS_TYPE ? oneOffDynoName(kind, new Set(this.#dynos.keys())) : kind;
    const spec = {
      ...this.#spec(name, { name: kind, command }, port, true),
      env: buildDynoEnv(this.config.shellEnv, configVars, { dyno: name, port }),
    };
    const dyno = new Dyno(spec, this.#dynoDeps());
    this.#taskDyno = dyno;
    dyno.boot();
    const exit = await dyno.waitForExit();
    await dyno.stop(); // returns at once unless shutdown interrupted the task
    this.#taskDyno = undefined;
    return exit?.status ?? 1;
  }

  /** The Procfile's release command, if the current Procfile has one. */
  get releaseCommand(): string | undefined {
    return this.#processTypes.find((type) => type.name === RELEASE_PROCESS_TYPE)?.command;
  }

  /**
   * Puts a new release live, as Heroku's dyno manager does after a deploy or config change:
   * web dynos behind the router are replaced without downtime (preboot: the new ones boot on
   * new ports, the old ones are drained and stopped once the new ones are up); other dynos
   * restart. Types gone from the Procfile stop; new ones start at `newTypeQuantity`.
   *
   * With preboot, a new web dyno that crashes or misses the boot timeout while its old one is
   * up fails the rollout: the new dynos are stopped, nothing else of the release starts, and the
   * previous release keeps serving (Heroku's preboot only switches traffic once the new dynos
   * are up; unlike Heroku, which switches after its boot window regardless, hdev keeps the old
   * code answering rather than route requests to a crashing one).
   */
  async rollout(
    release: ReleaseContent,
    options: { readonly preboot: boolean },
  ): Promise<RolloutResult> {
    return this.#serialize(async () => {
      this.#refuseWhileShuttingDown();
      const previous = this.#snapshot();
      this.#processTypes = release.processTypes;
      this.#configVars = release.configVars;
      this.#release = release.version;
      this.#formation = this.#formationFor(release.processTypes);
      const current = [...this.#dynos.values()];
      const keep = current.filter((dyno) => this.#commandOf(dyno.spec.type) !== undefined);
      const gone = current.filter((dyno) => !keep.includes(dyno));
      const prebooted = keep.filter((dyno) => options.preboot && dyno.spec.type === WEB_TYPE);
      // All new ports at once: chosen one by one, two web dynos would both pick the same one.
      const ports = await allocatePorts(
        prebooted.map((dyno) => dyno.spec.port + 1),
        this.#portsInUse(),
      );
      const booted = await Promise.all(
        prebooted.map((dyno, index) => this.#bootBeside(dyno, ports[index] ?? dyno.spec.port + 1)),
      );
      const failure = booted.find((boot) => boot.failure !== undefined)?.failure;
      if (failure !== undefined) {
        await Promise.all(booted.map((boot) => this.#discard(boot.next)));
        this.#restore(previous);
        return { ok: false, failure };
      }
      await Promise.all([
        ...gone.map((dyno) => this.#retire(dyno)),
        ...booted.map((boot) => this.#switchTo(boot.old, boot.next)),
        ...keep.filter((dyno) => !prebooted.includes(dyno)).map((dyno) => this.#replace(dyno)),
      ]);
      for (const spec of await this.#specsFor(this.#formation)) this.#addDyno(spec).boot();
      return { ok: true };
    });
  }

  #snapshot(): ReleaseSnapshot {
    return {
      processTypes: this.#processTypes,
      configVars: this.#configVars,
      release: this.#release,
      formation: this.#formation,
    };
  }

  #restore(snapshot: ReleaseSnapshot): void {
    this.#processTypes = snapshot.processTypes;
    this.#configVars = snapshot.configVars;
    this.#release = snapshot.release;
    this.#formation = snapshot.formation;
  }

  #commandOf(typeName: string): string | undefined {
    if (typeName === RELEASE_PROCESS_TYPE) return undefined;
    return this.#processTypes.find((type) => type.name === typeName)?.command;
  }

  #formationFor(types: readonly ProcessType[]): Formation {
    const next = new Map<string, number>();
    for (const type of types) {
      if (type.name === RELEASE_PROCESS_TYPE) continue;
      next.set(type.name, this.#formation.get(type.name) ?? this.config.newTypeQuantity ?? 0);
    }
    return next;
  }

  /** A fresh spec for a dyno's name and type under the current release. */
  #respec(dyno: Dyno, port: number): DynoSpec {
    const command = this.#commandOf(dyno.spec.type) ?? dyno.spec.command;
    return this.#spec(dyno.name, { name: dyno.spec.type, command }, port, false);
  }

  /** Restart on the new release: `Restarting`, SIGTERM, then the new command and config. */
  async #replace(old: Dyno): Promise<void> {
    old.announceRestart();
    this.#transient.add(old);
    this.#dynos.delete(old.name);
    await this.#beforeStop(old.key);
    await old.stop();
    this.#transient.delete(old);
    if (this.#shuttingDown) return;
    this.#addDyno(this.#respec(old, old.spec.port)).boot();
  }

  /**
   * Heroku's preboot, first half: the new dyno boots beside the old one. A failure is reported
   * only when the old dyno is up: replacing a crashed dyno with a crashing one loses nothing.
   */
  async #bootBeside(old: Dyno, port: number): Promise<PrebootResult> {
    const next = new Dyno(this.#respec(old, port), this.#dynoDeps());
    this.#transient.add(next);
    next.boot();
    const state = await next.settled(this.config.timings.bootTimeoutMs);
    if (state === 'up' || old.state !== 'up') return { old, next };
    const failure =
      state === 'starting'
        ? `${next.name} did not bind $PORT within ${this.config.timings.bootTimeoutMs / 1000} seconds of launch (R10)`
        : `${next.name} crashed during boot`;
    return { old, next, failure };
  }

  /** A new dyno of a failed rollout: stopped and forgotten. */
  async #discard(next: Dyno): Promise<void> {
    await next.stop();
    this.#transient.delete(next);
  }

  /** Preboot, second half: the new dyno takes the name, the old one is drained and stopped. */
  async #switchTo(old: Dyno, next: Dyno): Promise<void> {
    this.#transient.delete(next);
    this.#dynos.set(old.name, next);
    this.#transient.add(old);
    await this.#beforeStop(old.key);
    await old.stop();
    this.#transient.delete(old);
  }

  #portsInUse(): Set<number> {
    return new Set(this.#allDynos().map((dyno) => dyno.spec.port));
  }

  /** Specs for the dynos `formation` asks for that do not exist yet, with free ports. */
  async #specsFor(formation: Formation): Promise<DynoSpec[]> {
    const types = this.formationTypes;
    const wanted: { type: ProcessType; index: number; preferred: number }[] = [];
    for (const [typeName, quantity] of formation) {
      const type = this.#processTypes.find((candidate) => candidate.name === typeName);
      if (type === undefined || type.name === RELEASE_PROCESS_TYPE) continue;
      for (let index = 1; index <= quantity; index++) {
        if (this.#dynos.has(formationDynoName(typeName, index))) continue;
        const typeIndex = Math.max(0, types.indexOf(typeName));
        wanted.push({
          type,
          index,
          preferred: preferredPort(this.config.basePort, typeIndex, index),
        });
      }
    }
    const taken = this.#portsInUse();
    const ports = await allocatePorts(
      wanted.map((entry) => entry.preferred),
      taken,
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

  /**
   * `hdev scale`: Heroku's `ps:scale` syntax. New dynos boot (web ones join the router once up);
   * surplus ones, highest numbers first, are drained from the router, stopped and removed.
   * Resolves with the new formation once the removed dynos are gone.
   */
  async scale(args: readonly string[]): Promise<Formation> {
    const parsed = parseScaleArgs(args);
    if (!parsed.ok) throw new HdevError(parsed.message, { hint: parsed.hint });
    if (parsed.changes.length === 0) return this.#formation;
    return this.#serialize(async () => {
      const applied = applyScale(this.#formation, parsed.changes, this.formationTypes);
      if (!applied.ok) throw new HdevError(applied.message, { hint: applied.hint });
      await this.#applyFormation(applied.formation);
      return this.#formation;
    });
  }

  async #applyFormation(formation: Formation): Promise<void> {
    this.#refuseWhileShuttingDown();
    this.#formation = formation;
    this.#api(scaledMessage(formation));
    if (!this.#formationBooted) return; // the release phase is running; start() boots it
    const surplus = [...this.#dynos.values()]
      .filter((dyno) => dynoIndex(dyno.name) > (formation.get(dyno.spec.type) ?? 0))
      .sort((a, b) => dynoIndex(b.name) - dynoIndex(a.name));
    for (const spec of await this.#specsFor(formation)) this.#addDyno(spec).boot();
    await Promise.all(surplus.map((dyno) => this.#retire(dyno)));
  }

  async #retire(dyno: Dyno): Promise<void> {
    await this.#beforeStop(dyno.key);
    await dyno.stop();
    this.#dynos.delete(dyno.name);
    this.#emit({ type: 'removed', dyno: dyno.name });
  }

  /** `hdev restart [type|dyno]`: Heroku's `Restarting`, SIGTERM, then a fresh boot (cool-off reset). */
  async restart(target: string | undefined): Promise<string[]> {
    return this.#serialize(async () => {
      this.#refuseWhileShuttingDown();
      const dynos = this.#select(target);
      await Promise.all(
        dynos.map(async (dyno) => {
          dyno.announceRestart();
          await this.#beforeStop(dyno.key);
          await dyno.stop();
          if (!this.#shuttingDown) dyno.boot();
        }),
      );
      return dynos.map((dyno) => dyno.name);
    });
  }

  /**
   * `hdev stop <type|dyno>`: the dyno is stopped and stays down until `hdev restart` or a
   * scale brings it back. Heroku's dyno manager restarts a stopped formation dyno at once, which
   * makes `ps:stop` a restart; locally, pausing a noisy or broken dyno is the useful meaning, and
   * `hdev restart` covers the other. A one-off dyno gets SIGTERM.
   */
  async stop(target: string): Promise<string[]> {
    const oneOff = this.#oneOffs.get(target);
    if (oneOff !== undefined) {
      // hdev run started it and signals it: hdev start never signals a pid it did not spawn.
      this.#oneOffStops.get(oneOff)?.();
      return [oneOff.name];
    }
    return this.#serialize(async () => {
      this.#refuseWhileShuttingDown();
      const dynos = this.#select(target);
      await Promise.all(
        dynos.map(async (dyno) => {
          await this.#beforeStop(dyno.key);
          await dyno.stop();
        }),
      );
      return dynos.map((dyno) => dyno.name);
    });
  }

  /**
   * Lists a one-off dyno started by `hdev run` until the returned function is called.
   * `requestStop` asks that `hdev run` to stop it (`hdev stop run.N`): the pid it announced is
   * only shown, never signalled, since any client could announce any pid.
   */
  registerOneOff(oneOff: Omit<OneOffView, 'since'>, requestStop: () => void): () => void {
    const entry = { ...oneOff, since: this.deps.clock.now() };
    this.#oneOffs.set(oneOff.name, entry);
    this.#oneOffStops.set(entry, requestStop);
    return () => {
      this.#oneOffStops.delete(entry);
      if (this.#oneOffs.get(oneOff.name) === entry) this.#oneOffs.delete(oneOff.name);
    };
  }

  oneOffs(): OneOffView[] {
    return [...this.#oneOffs.values()];
  }

  /** Every formation dyno (none given), the dynos of a type, or one dyno by name. */
  #select(target: string | undefined): Dyno[] {
    const all = [...this.#dynos.values()];
    if (target === undefined) return all;
    const named = this.#dynos.get(target);
    if (named !== undefined) return [named];
    const ofType = all.filter((dyno) => dyno.spec.type === target);
    if (ofType.length > 0) return ofType;
    if (this.formationTypes.includes(target))
      throw new HdevError(`no ${target} dynos are running`, {
        hint: `Scale it up first: hdev scale ${target}=1`,
      });
    throw new HdevError(`no dyno or process type named \`${target}\``, {
      hint: `Dynos: ${all.map((dyno) => dyno.name).join(', ') || 'none'}. Process types: ${this.formationTypes.join(', ')}.`,
    });
  }

  #serialize<T>(change: () => Promise<T>): Promise<T> {
    const result = this.#changes.then(change);
    this.#changes = result.catch(() => undefined);
    return result;
  }

  #refuseWhileShuttingDown(): void {
    if (this.#shuttingDown) throw new HdevError('hdev start is shutting down', { exitCode: 1 });
  }

  #spec(
    name: string,
    type: Pick<ProcessType, 'name' | 'command'>,
    port: number,
    oneOff: boolean,
  ): DynoSpec {
    return {
      name,
      type: type.name,
      command: type.command,
      port,
      env: buildDynoEnv(this.config.shellEnv, this.#configVars, { dyno: name, port }),
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
      runId: this.runId,
      ...(this.deps.groups === undefined ? {} : { groups: this.deps.groups }),
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
    await Promise.all(this.#allDynos().map((dyno) => dyno.stop()));
  }

  /** A second Ctrl-C: SIGKILL every dyno now; a pending shutdown() resolves once they are gone. */
  kill(): void {
    this.#shuttingDown = true;
    for (const dyno of this.#allDynos()) dyno.kill();
  }

  /**
   * Last resort when hdev itself is exiting abnormally: SIGKILL every dyno group and every
   * process marked as this run's, synchronously.
   */
  killSync(): void {
    for (const dyno of this.#allDynos()) {
      const active = dyno.state === 'starting' || dyno.state === 'up' || dyno.state === 'stopping';
      if (active && dyno.pid !== undefined) this.deps.processes.signalGroup(dyno.pid, 'SIGKILL');
    }
    for (const pid of markedProcesses(runNeedle(this.runId))) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
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
      key: dyno.key,
      type: dyno.spec.type,
      command: dyno.spec.command,
      state: dyno.state,
      stateSince: dyno.stateSince,
      port: dyno.spec.port,
      address: dyno.address,
      pid: dyno.pid,
      restarts: dyno.restarts,
      release: this.#release,
    }));
  }

  #allDynos(): Dyno[] {
    return [
      ...(this.#taskDyno === undefined ? [] : [this.#taskDyno]),
      ...this.#dynos.values(),
      ...this.#transient,
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
