// Releases, as the Heroku platform runs them: every release, v1 at start included, builds (code
// only), runs the release phase, and then puts its formation live through the supervisor. After
// v1, a code change or a config change makes release vN; a failing build or release phase
// leaves the running release serving. The supervisor only runs dynos: this is the one place
// that decides when a release's dynos may boot.
import { relative } from 'node:path';
import type { AppSpec } from '../domain/app-spec.js';
import { RELEASE_PROCESS_TYPE, sameProcessTypes } from '../domain/app-spec.js';
import { platformMessages } from '../domain/platform-messages.js';
import type { Release } from '../domain/release.js';
import type { BuildStep } from './build-plan.js';
import { buildStatus, deployBuild, initialBuild } from './build-plan.js';
import {
  configChangeDescription,
  deployDescription,
  nextReleaseVersion,
  currentRelease,
} from '../domain/release.js';
import { HdevError } from '../errors.js';
import type { LogBus } from '../logs/log-bus.js';
import { platformBatch } from '../logs/log-bus.js';
import type { Clock } from '../time/clock.js';
import type { RolloutResult, Supervisor } from '../supervisor/supervisor.js';
import type { DeployOutcome, StartResult } from './outcomes.js';
import { FIRST_RELEASE } from './outcomes.js';

export type { DeployOutcome, StartResult } from './outcomes.js';

export interface DeployerOptions {
  readonly root: string;
  /** Reads the app again (Procfile, env files); throws HdevError on a problem. */
  readonly loadApp: () => AppSpec;
  readonly buildCommand: string | undefined;
  /** Web dynos are replaced without downtime when a router is in front of them. */
  readonly preboot: boolean;
  /** hdev's environment (an active VIRTUAL_ENV, BUNDLE_PATH); default: process.env. */
  readonly shellEnv?: Readonly<Record<string, string | undefined>>;
}

export interface DeployerDeps {
  readonly supervisor: Supervisor;
  readonly bus: LogBus;
  readonly clock: Clock;
}

export class Deployer {
  readonly #releases: Release[] = [];
  #app: AppSpec;
  #building = false;
  #phase: string | undefined;
  readonly #phaseListeners = new Set<() => void>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    initialApp: AppSpec,
    private readonly options: DeployerOptions,
    private readonly deps: DeployerDeps,
  ) {
    this.#app = initialApp;
  }

  releases(): readonly Release[] {
    return [...this.#releases];
  }

  /** What a deploy in progress is doing (`building v3…`), for the UI; undefined when idle. */
  get phase(): string | undefined {
    return this.#phase;
  }

  onPhase(listener: () => void): () => void {
    this.#phaseListeners.add(listener);
    return () => this.#phaseListeners.delete(listener);
  }

  #setPhase(phase: string | undefined): void {
    this.#phase = phase;
    for (const listener of this.#phaseListeners) listener();
  }

  /** The config vars of the running release: what a one-off dyno started now gets. */
  get configVars(): Readonly<Record<string, string>> {
    return this.#app.configVars.values;
  }

  /** True while a build runs: the files it writes are its own, not a change to deploy. */
  get building(): boolean {
    return this.#building;
  }

  /** The env files and Procfile of the running release: changes to them are config or formation changes. */
  get appFiles(): string[] {
    return [this.#app.procfilePath, ...this.#app.envFiles];
  }

  /**
   * v1: the build (missing dependencies first, as the buildpack installs on every build; then the
   * build command), the release phase, then the formation (as scaled meanwhile) boots.
   */
  /**
   * `servicesReady`: the add-on servers, started alongside the build (which does not need them);
   * the release phase waits for them (migrations do). False: they failed, nothing is released.
   */
  async start(servicesReady: Promise<boolean> = Promise.resolve(true)): Promise<StartResult> {
    try {
      return await this.#start(servicesReady);
    } finally {
      this.#setPhase(undefined);
    }
  }

  async #start(servicesReady: Promise<boolean>): Promise<StartResult> {
    const version = FIRST_RELEASE;
    const initial = { version, description: 'Initial release' } as const;
    const build = initialBuild(this.options.root, this.options.buildCommand);
    const failure = build.length > 0 ? await this.#build(build, this.#app) : undefined;
    if (this.#stopping()) return this.#startStopped(initial);
    if (failure !== undefined) {
      this.#record({ ...initial, status: 'failed', failure });
      return { ok: false, reason: 'build-failed', status: buildStatus(failure) };
    }
    if (!(await servicesReady) || this.#stopping()) return this.#startStopped(initial);
    const status = await this.#runReleasePhase(this.#app, version);
    if (this.#stopping()) return this.#startStopped(initial);
    if (status !== undefined) {
      this.#api(
        status === 0
          ? platformMessages.releaseCreated(version)
          : platformMessages.releaseFailed(version, status),
      );
    }
    if (status !== undefined && status !== 0) {
      const failure = `release command exited with status ${status}`;
      this.#record({ ...initial, status: 'failed', failure });
      return { ok: false, reason: 'release-failed', status };
    }
    const rollout = await this.#rollout(this.#app, version).catch((error: unknown) => {
      // A shutdown that began meanwhile refuses the rollout: nothing of the release starts.
      if (this.#stopping()) return undefined;
      throw error;
    });
    if (rollout === undefined || this.#stopping()) return this.#startStopped(initial);
    if (!rollout.ok) {
      this.#record({ ...initial, status: 'failed', failure: rollout.failure });
      return { ok: false, reason: 'release-failed', status: 1 };
    }
    this.#record({ ...initial, status: 'succeeded' });
    return { ok: true };
  }

  /** hdev start is stopping (read anew after each await: a signal may come at any time). */
  #stopping(): boolean {
    return this.deps.supervisor.shuttingDown;
  }

  /** hdev start is stopping: v1 never went live. */
  #startStopped(initial: Pick<Release, 'version' | 'description'>): StartResult {
    this.#record({ ...initial, status: 'failed' });
    return { ok: false, reason: 'shutdown' };
  }

  /** The supervisor puts the release's dynos live; web dynos with preboot behind a router. */
  #rollout(app: AppSpec, version: number): Promise<RolloutResult> {
    return this.deps.supervisor.rollout(
      { version, processTypes: app.procfile.types, configVars: app.configVars.values },
      { preboot: this.options.preboot },
    );
  }

  /**
   * A deploy for `changedPaths` (absolute); deploys run one at a time, in order. `addonChange`
   * describes a config change an add-on made (`Attach DATABASE (@ref:postgresql-…)`): Heroku
   * names the release after it, and runs no release phase for add-on config var changes (Dev
   * Center: Release Phase).
   */
  deploy(changedPaths: ReadonlySet<string>, addonChange?: string): Promise<DeployOutcome> {
    const run = this.#queue
      .then(() => this.#deploy(changedPaths, addonChange))
      .finally(() => this.#setPhase(undefined));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #deploy(
    changedPaths: ReadonlySet<string>,
    addonChange: string | undefined,
  ): Promise<DeployOutcome> {
    let next: AppSpec;
    try {
      next = this.options.loadApp();
    } catch (error) {
      // A half-saved Procfile or env file: say what is wrong and keep the running release.
      const message = error instanceof HdevError ? error.message : String(error);
      this.#api(`Deploy failed: ${message}; the running release keeps serving`);
      return { kind: 'unchanged' };
    }
    const appFiles = new Set(this.appFiles.concat([next.procfilePath, ...next.envFiles]));
    const codeFiles = [...changedPaths].filter((path) => !appFiles.has(path));
    const configChange = configChangeDescription(
      this.#app.configVars.values,
      next.configVars.values,
    );
    const typesChanged = !sameProcessTypes(this.#app.procfile.types, next.procfile.types);
    if (codeFiles.length === 0 && configChange === undefined && !typesChanged)
      return { kind: 'unchanged' };

    const isDeploy = codeFiles.length > 0 || typesChanged;
    const description = isDeploy
      ? deployDescription(Math.max(1, codeFiles.length))
      : (addonChange ?? configChange ?? '');
    const version = nextReleaseVersion(this.#releases);
    this.#api(isDeploy ? `Deploy (${this.#describeFiles(codeFiles)})` : description);
    const releasePhase = isDeploy || addonChange === undefined;
    const failure = await this.#prepare(next, version, {
      codeFiles: isDeploy ? codeFiles : undefined,
      releasePhase,
    });
    if (failure !== undefined) {
      const release = this.#record({ version, description, status: 'failed', failure });
      this.#api(
        `Release v${version} failed: ${failure}; v${currentRelease(this.#releases)?.version ?? 1} keeps running`,
      );
      return { kind: 'released', release };
    }
    const previous = currentRelease(this.#releases)?.version ?? 1;
    this.#record({ version, description, status: 'pending' });
    this.#api(platformMessages.releaseCreated(version));
    this.#setPhase(`rolling out v${version}…`);
    const rollout = await this.#rollout(next, version);
    if (!rollout.ok) {
      // The new web dynos never came up: the previous release's dynos kept serving throughout.
      this.#api(`Release v${version} failed: ${rollout.failure}; v${previous} keeps serving`);
      return {
        kind: 'released',
        release: this.#settle(version, { status: 'failed', failure: rollout.failure }),
      };
    }
    this.#app = next;
    return { kind: 'released', release: this.#settle(version, { status: 'succeeded' }) };
  }

  /** A pending release gets its final status once its rollout is over. */
  #settle(version: number, outcome: Pick<Release, 'status' | 'failure'>): Release {
    const index = this.#releases.findIndex((release) => release.version === version);
    const pending = this.#releases[index];
    if (pending === undefined) throw new Error(`no release v${version} to settle`);
    const settled: Release = { ...pending, ...outcome };
    this.#releases[index] = settled;
    return settled;
  }

  /**
   * Build (code deploys: dependencies first when their manifest changed, then the build command)
   * and release phase; a failure's description, or undefined.
   */
  async #prepare(
    next: AppSpec,
    version: number,
    steps: { readonly codeFiles: readonly string[] | undefined; readonly releasePhase: boolean },
  ): Promise<string | undefined> {
    const { codeFiles } = steps;
    if (codeFiles !== undefined) {
      const build = deployBuild({
        root: this.options.root,
        changedFiles: codeFiles,
        buildCommand: this.options.buildCommand,
        env: { ...(this.options.shellEnv ?? process.env), ...next.configVars.values },
      });
      for (const advice of build.advice) this.#api(advice);
      if (build.steps.length > 0) {
        this.#setPhase(`building v${version}…`);
        const failed = await this.#build(build.steps, next);
        if (failed !== undefined) return failed;
      }
    }
    const status = steps.releasePhase ? await this.#runReleasePhase(next, version) : undefined;
    return status === undefined || status === 0
      ? undefined
      : `release command exited with status ${status}`;
  }

  /**
   * Heroku's release phase: the Procfile's `release` command runs in a one-off dyno
   * (`release.N`) with the release's config vars, before any dyno of the release boots.
   * Resolves with its exit status, or undefined when the Procfile has no `release`.
   */
  async #runReleasePhase(app: AppSpec, version: number): Promise<number | undefined> {
    const release = app.procfile.types.find((type) => type.name === RELEASE_PROCESS_TYPE);
    if (release === undefined) return undefined;
    this.#api(platformMessages.runningRelease(version));
    this.#setPhase(`release phase v${version}…`);
    return this.deps.supervisor.runTask(
      RELEASE_PROCESS_TYPE,
      release.command,
      app.configVars.values,
    );
  }

  /** Runs the build's steps in order as the `build` task; the first failure's description. */
  async #build(steps: readonly BuildStep[], app: AppSpec): Promise<string | undefined> {
    this.#api('Build started');
    this.#building = true;
    try {
      for (const step of steps) {
        if (step.note !== undefined) this.#api(`${step.note}: ${step.command}`);
        const status = await this.deps.supervisor.runTask(
          'build',
          step.command,
          app.configVars.values,
        );
        if (status !== 0) {
          this.#api(`Build failed: \`${step.command}\` exited with status ${status}`);
          return step.note === undefined
            ? `build exited with status ${status}`
            : `\`${step.command}\` exited with status ${status}`;
        }
      }
      this.#api('Build succeeded');
      return undefined;
    } finally {
      this.#building = false;
    }
  }

  #describeFiles(files: readonly string[]): string {
    if (files.length === 0) return 'Procfile changed';
    const shown = files.slice(0, 3).map((path) => relative(this.options.root, path));
    const more = files.length > 3 ? ` and ${files.length - 3} more` : '';
    return `${shown.join(', ')}${more}`;
  }

  #record(release: Omit<Release, 'createdAt'>): Release {
    const full = { ...release, createdAt: this.deps.clock.now() };
    this.#releases.push(full);
    return full;
  }

  #api(message: string): void {
    this.deps.bus.publish(platformBatch('api', message, this.deps.clock.now(), 'app'));
  }
}
