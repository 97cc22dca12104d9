// The supervisor: the only owner of dynos. It puts each release's formation live (the deployer
// decides when: after the build and the release phase), scales, restarts crashed dynos, runs
// one-off tasks for the deployer, stops everything on shutdown, and tells its consumers (the
// printer, the UI, the control socket, the router) what happens through typed events.
import type { ProcessType } from '../domain/app-spec.js';
import { RELEASE_PROCESS_TYPE } from '../domain/app-spec.js';
import { oneOffDynoName } from '../domain/dyno-name.js';
import type { Formation } from '../domain/formation.js';
import type { ScaleChange } from '../domain/scale.js';
import { applyScale, scaledMessage } from '../domain/scale.js';
import { HdevError } from '../errors.js';
import { platformBatch } from '../logs/log-bus.js';
import type { DynoSpec } from './dyno.js';
import { DynoFactory } from './dyno-factory.js';
import { newRunId } from './dyno-marker.js';
import type { DynoPorts } from './dyno-ports.js';
import { systemPorts } from './dyno-ports.js';
import { killRunSync } from './emergency-kill.js';
import { Fleet } from './fleet.js';
import { dynoTypeNames, formationForTypes, missingDynos, surplusDynos } from './formation-plan.js';
import { OneOffRegistry } from './one-offs.js';
import type { RolloutContext, RolloutResult } from './rollout.js';
import { planRollout, retire, rollOut } from './rollout.js';
import type {
  LiveRelease,
  ReleaseContent,
  StopHook,
  SupervisorConfig,
  SupervisorDeps,
  SupervisorEvent,
} from './supervisor-types.js';
import type { DynoView, OneOffView } from './views.js';
import { dynoView } from './views.js';

export type { DynoView, OneOffView } from './views.js';
export type {
  ReleaseContent,
  StopHook,
  SupervisorConfig,
  SupervisorDeps,
  SupervisorEvent,
} from './supervisor-types.js';
export type { RolloutResult } from './rollout.js';

/** Heroku numbers releases from v1; hdev's first release is the app as it is at start. */
const FIRST_RELEASE = 1;

export class Supervisor {
  readonly #fleet = new Fleet();
  readonly #oneOffs: OneOffRegistry;
  readonly #listeners = new Set<(event: SupervisorEvent) => void>();
  readonly #ports: DynoPorts;
  readonly #dynos: DynoFactory;
  #live: LiveRelease;
  #shuttingDown = false;
  #formationBootedAt: number | undefined;
  #beforeStop: StopHook = () => Promise.resolve();
  /** Formation changes apply one at a time, in the order they were asked for. */
  #changes: Promise<unknown> = Promise.resolve();
  /** Every dyno process of this run carries it (see dyno-marker.ts). */
  readonly runId: string;

  constructor(
    private readonly config: SupervisorConfig,
    private readonly deps: SupervisorDeps,
  ) {
    this.runId = config.runId ?? newRunId();
    this.#ports = deps.ports ?? systemPorts;
    this.#oneOffs = new OneOffRegistry(deps.clock);
    this.#dynos = new DynoFactory(config, {
      ...deps,
      ports: this.#ports,
      runId: this.runId,
      shuttingDown: () => this.#shuttingDown,
      emit: (event) => this.#emit(event),
    });
    this.#live = {
      version: FIRST_RELEASE,
      processTypes: config.processTypes,
      configVars: config.configVars,
      formation: config.formation,
    };
  }

  /** The router registers its drain here, so a dyno gets no new requests before SIGTERM. */
  setStopHook(hook: StopHook): void {
    this.#beforeStop = hook;
  }

  get formation(): Formation {
    return this.#live.formation;
  }

  get release(): number {
    return this.#live.version;
  }

  /** Process types that can run as dynos, in Procfile order (release excluded). */
  get formationTypes(): string[] {
    return dynoTypeNames(this.#live.processTypes);
  }

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * When the first formation was spawned (ms since the epoch), undefined before: what the dynos
   * write from then on is theirs, and the watcher, which starts later, must still see it.
   */
  get formationBootedAt(): number | undefined {
    return this.#formationBootedAt;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Where the live release's dynos run (its slug; the app root before slugs). */
  get releaseDir(): string {
    return this.#live.dir ?? this.config.root;
  }

  /**
   * Runs a one-off task to completion (a release phase as `release.N`, a build as `build`,
   * whose output shows as `app[build]`) with the current config vars, in the live release's
   * directory unless told another (a build runs in the slug it makes); resolves with its status.
   */
  async runTask(
    kind: string,
    command: string,
    configVars = this.#live.configVars,
    dir = this.releaseDir,
  ): Promise<number> {
    const [port = this.config.basePort] = await this.#ports.allocate(
      [this.config.basePort],
      this.#fleet.portsInUse(),
    );
    // A task asked for while hdev stops never starts (the caller sees the shutdown).
    if (this.#shuttingDown) return 1;
    const name = kind === RELEASE_PROCESS_TYPE ? oneOffDynoName(kind, this.#fleet.names()) : kind;
    const spec = this.#dynos.spec(name, { name: kind, command }, port, {
      oneOff: true,
      configVars,
      dir,
    });
    const dyno = this.#dynos.create(spec);
    this.#fleet.addTask(dyno);
    dyno.boot();
    const exit = await dyno.waitForExit();
    await dyno.stop(); // returns at once unless shutdown interrupted the task
    this.#fleet.removeTask(dyno);
    return exit?.status ?? 1;
  }

  /**
   * Puts a release live (see rollout.ts): the first one boots the formation, later ones replace
   * the running dynos. Dynos the formation asks for that do not run yet boot last.
   */
  async rollout(
    release: ReleaseContent,
    options: { readonly preboot: boolean },
  ): Promise<RolloutResult> {
    return this.#serialize(async () => {
      this.#refuseWhileShuttingDown();
      const previous = this.#live;
      const formation = formationForTypes(
        previous.formation,
        release.processTypes,
        this.config.newTypeQuantity ?? 0,
      );
      this.#live = { ...release, formation };
      const plan = planRollout(
        this.#fleet.formationDynos(),
        (type) => this.#commandOf(type) !== undefined,
        options.preboot,
      );
      const rolled = await rollOut(this.#rolloutContext(), plan);
      if (!rolled.ok) {
        this.#live = previous;
        return rolled;
      }
      await this.#bootMissing();
      return { ok: true };
    });
  }

  /**
   * `hdev scale`: Heroku's `ps:scale`. New dynos boot (web ones join the router once up);
   * surplus ones, highest numbers first, are drained from the router, stopped and removed.
   * Before the first release is live (its release phase runs), only the formation changes: the
   * first rollout boots it. Resolves with the new formation once the removed dynos are gone.
   */
  async scale(changes: readonly ScaleChange[]): Promise<Formation> {
    if (changes.length === 0) return this.formation;
    return this.#serialize(async () => {
      this.#refuseWhileShuttingDown();
      const applied = applyScale(this.formation, changes, this.formationTypes);
      if (!applied.ok) throw new HdevError(applied.message, { hint: applied.hint });
      this.#live = { ...this.#live, formation: applied.formation };
      this.#api(scaledMessage(applied.formation));
      this.#emit({ type: 'formation', formation: applied.formation });
      if (this.#formationBootedAt === undefined) return this.formation;
      const surplus = surplusDynos(this.#fleet.formationDynos(), applied.formation);
      await this.#bootMissing();
      await Promise.all(surplus.map((dyno) => retire(this.#rolloutContext(), dyno)));
      return this.formation;
    });
  }

  /** `hdev restart [type|dyno]`: Heroku's `Restarting`, SIGTERM, then a fresh boot (cool-off reset). */
  async restart(target: string | undefined): Promise<string[]> {
    return this.#serialize(async () => {
      this.#refuseWhileShuttingDown();
      const dynos = this.#fleet.select(target, this.formationTypes);
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
   * `hdev restart` covers the other. A one-off dyno gets SIGTERM from the `hdev run` that runs it.
   */
  async stop(target: string): Promise<string[]> {
    if (this.#oneOffs.requestStop(target)) return [target];
    return this.#serialize(async () => {
      this.#refuseWhileShuttingDown();
      const dynos = this.#fleet.select(target, this.formationTypes);
      await Promise.all(
        dynos.map(async (dyno) => {
          await this.#beforeStop(dyno.key);
          await dyno.stop();
        }),
      );
      return dynos.map((dyno) => dyno.name);
    });
  }

  /** Lists a one-off dyno started by `hdev run` until the returned function is called (see one-offs.ts). */
  registerOneOff(oneOff: Omit<OneOffView, 'since'>, requestStop: () => void): () => void {
    return this.#oneOffs.register(oneOff, requestStop);
  }

  oneOffs(): OneOffView[] {
    return this.#oneOffs.list();
  }

  view(): DynoView[] {
    return this.#fleet.all().map((dyno) => dynoView(dyno, this.release));
  }

  /** Graceful shutdown of every dyno (and a running task); resolves when no process is left. */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    await Promise.all(this.#fleet.all().map((dyno) => dyno.stop()));
  }

  /** A second Ctrl-C: SIGKILL every dyno now; a pending shutdown() resolves once they are gone. */
  kill(): void {
    this.#shuttingDown = true;
    for (const dyno of this.#fleet.all()) dyno.kill();
  }

  /** Last resort when hdev itself is exiting abnormally (see emergency-kill.ts). */
  killSync(): void {
    killRunSync(this.#fleet.all(), this.deps.processes, this.runId);
  }

  /** Boots the dynos the formation asks for that do not run yet, lowest numbers first. */
  async #bootMissing(): Promise<void> {
    const planned = missingDynos(
      this.formation,
      this.#live.processTypes,
      this.#fleet.names(),
      this.config.basePort,
    );
    // Reading the kernel's socket tables costs: only when a dyno needs a port.
    const ports =
      planned.length === 0
        ? []
        : await this.#ports.allocate(
            planned.map((dyno) => dyno.preferredPort),
            this.#fleet.portsInUse(),
          );
    if (this.#shuttingDown) return;
    this.#formationBootedAt ??= this.deps.clock.now();
    for (const [position, dyno] of planned.entries()) {
      const port = ports[position] ?? dyno.preferredPort;
      const booted = this.#dynos.create(this.#formationSpec(dyno.name, dyno.type, port));
      this.#fleet.place(booted);
      booted.boot();
    }
  }

  #rolloutContext(): RolloutContext {
    return {
      fleet: this.#fleet,
      ports: this.#ports,
      bootTimeoutMs: this.config.timings.bootTimeoutMs,
      beforeStop: (dyno) => this.#beforeStop(dyno.key),
      successor: (old, port) => {
        const command = this.#commandOf(old.spec.type) ?? old.spec.command;
        return this.#dynos.create(
          this.#formationSpec(old.name, { name: old.spec.type, command }, port),
        );
      },
      shuttingDown: () => this.#shuttingDown,
      removed: (dyno) => this.#emit({ type: 'removed', dyno: dyno.name }),
    };
  }

  #formationSpec(
    name: string,
    type: Pick<ProcessType, 'name' | 'command'>,
    port: number,
  ): DynoSpec {
    return this.#dynos.spec(name, type, port, {
      oneOff: false,
      configVars: this.#live.configVars,
      dir: this.#live.dir,
    });
  }

  #commandOf(typeName: string): string | undefined {
    if (typeName === RELEASE_PROCESS_TYPE) return undefined;
    return this.#live.processTypes.find((type) => type.name === typeName)?.command;
  }

  #serialize<T>(change: () => Promise<T>): Promise<T> {
    const result = this.#changes.then(change);
    this.#changes = result.catch(() => undefined);
    return result;
  }

  #refuseWhileShuttingDown(): void {
    if (this.#shuttingDown) throw new HdevError('hdev start is shutting down', { exitCode: 1 });
  }

  #api(message: string): void {
    // Heroku tags release and formation events as `app[api]`.
    this.deps.bus.publish(platformBatch('api', message, this.deps.clock.now(), 'app'));
  }

  #emit(event: SupervisorEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
