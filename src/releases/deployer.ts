// Releases, as the Heroku platform runs them: every release builds its code into a slug (an
// immutable snapshot its dynos run from), runs the release phase, and then puts its formation
// live through the supervisor. A code change, a config change, a pushed commit or a rollback
// makes release vN; a failing build or release phase leaves the running release serving. The
// supervisor only runs dynos: this is the one place that decides when a release's dynos may boot.
import type { AppSpec, ProcessType } from '../domain/app-spec.js';
import { sameProcessTypes } from '../domain/app-spec.js';
import { platformMessages } from '../domain/platform-messages.js';
import type { Release } from '../domain/release.js';
import {
  commitDeployDescription,
  configChangeDescription,
  deployDescription,
  rollbackDescription,
  rollbackTarget,
} from '../domain/release.js';
import { HdevError } from '../errors.js';
import type { LogBus } from '../logs/log-bus.js';
import { platformBatch } from '../logs/log-bus.js';
import type { Clock } from '../time/clock.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { FirstRelease } from './first-release.js';
import type { ReleaseLedger } from './ledger.js';
import type { DeployOutcome, StartResult } from './outcomes.js';
import { ReleaseHistory } from './release-history.js';
import { ReleaseSteps, type ReleaseCode } from './release-steps.js';
import type { SlugSource, SlugStorePort } from './slug-port.js';

export type { DeployOutcome, StartResult } from './outcomes.js';

export interface DeployerOptions {
  readonly root: string;
  /** Reads the app again (Procfile, env files); throws HdevError on a problem. */
  readonly loadApp: () => AppSpec;
  /** Reads the process types of a slug (its Procfile), for a pushed commit. */
  readonly loadProcessTypes?: (slugDir: string) => readonly ProcessType[];
  /** `--build CMD`; otherwise package.json's `heroku-postbuild` or `build` script. */
  readonly buildCommand: string | undefined;
  /** Web dynos are replaced without downtime when a router is in front of them. */
  readonly preboot: boolean;
  /** hdev's environment (an active VIRTUAL_ENV, BUNDLE_PATH); default: process.env. */
  readonly shellEnv?: Readonly<Record<string, string | undefined>>;
  /** Slugs: without a store, dynos run in the working tree and nothing can be rolled back. */
  readonly slugs?: SlugStorePort;
  /** The persisted history; without it, releases last as long as this run. */
  readonly ledger?: ReleaseLedger;
  /** Slugs kept besides the current one (older releases expire). */
  readonly keepSlugs?: number;
  /** A rollback writes the restored config vars back to the env file (Heroku's config store). */
  readonly restoreConfigVars?: (values: Readonly<Record<string, string>>) => void;
}

export interface DeployerDeps {
  readonly supervisor: Supervisor;
  readonly bus: LogBus;
  readonly clock: Clock;
}

export class Deployer {
  readonly #history: ReleaseHistory;
  readonly #steps: ReleaseSteps;
  #app: AppSpec;
  #live: ReleaseCode;
  #phase: string | undefined;
  readonly #phaseListeners = new Set<() => void>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    initialApp: AppSpec,
    private readonly options: DeployerOptions,
    private readonly deps: DeployerDeps,
  ) {
    this.#app = initialApp;
    this.#history = new ReleaseHistory(deps.clock, options.ledger, (message) =>
      deps.bus.publish(platformBatch('api', message, deps.clock.now(), 'app')),
    );
    this.#live = {
      slug: undefined,
      processTypes: initialApp.procfile.types,
      configVars: initialApp.configVars.values,
    };
    this.#steps = new ReleaseSteps(options, {
      ...deps,
      history: this.#history,
      liveConfigVars: () => this.#live.configVars,
      setPhase: (phase) => this.#setPhase(phase),
    });
  }

  releases(): readonly Release[] {
    return this.#history.list();
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
    return this.#live.configVars;
  }

  /** True while a build runs in the app root: the files it writes are not a change to deploy. */
  get building(): boolean {
    return this.#steps.building;
  }

  /** The env files and Procfile of the working tree: changes to them are config or formation changes. */
  get appFiles(): string[] {
    return [this.#app.procfilePath, ...this.#app.envFiles];
  }

  /**
   * The first release of this run. `servicesReady`: the add-on servers, started alongside the
   * build (which does not need them); the release phase waits for them (migrations do). False:
   * they failed, nothing is released.
   */
  async start(servicesReady: Promise<boolean> = Promise.resolve(true)): Promise<StartResult> {
    const first = new FirstRelease({
      steps: this.#steps,
      history: this.#history,
      app: this.#app,
      root: this.options.root,
      slugs: this.options.slugs !== undefined,
      buildCommand: this.options.buildCommand,
      loadProcessTypes: this.options.loadProcessTypes,
      stopping: () => this.deps.supervisor.shuttingDown,
    });
    try {
      const result = await first.run(servicesReady);
      if (first.live !== undefined) this.#live = first.live;
      return result;
    } finally {
      this.#setPhase(undefined);
    }
  }

  /**
   * A deploy for `changedPaths` (absolute); deploys run one at a time, in order. `addonChange`
   * describes a config change an add-on made (`Attach DATABASE (@ref:postgresql-…)`): Heroku
   * names the release after it, and runs no release phase for add-on config var changes (Dev
   * Center: Release Phase).
   */
  deploy(changedPaths: ReadonlySet<string>, addonChange?: string): Promise<DeployOutcome> {
    return this.#enqueue(() => this.#deploy(changedPaths, addonChange));
  }

  /**
   * `hdev releases:rollback [vN]`: a new release, `Rollback to vN`, with vN's slug and config
   * vars. heroku/cli runs the release command on a rollback too, and then the dynos restart.
   */
  rollback(wanted: number | undefined): Promise<Release> {
    return this.#enqueue(() => this.#rollback(wanted));
  }

  /** `git push hdev main`: the commit is built into a slug and released like any deploy. */
  deployCommit(source: Extract<SlugSource, { kind: 'commit' }>): Promise<Release> {
    return this.#enqueue(() => this.#deployCommit(source));
  }

  /** The build and release-phase output kept for a release (`hdev releases:output`). */
  output(version: number): string | undefined {
    return this.options.ledger?.output(version);
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work).finally(() => this.#setPhase(undefined));
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
      this.#steps.api(`Deploy failed: ${message}; the running release keeps serving`);
      return { kind: 'unchanged' };
    }
    const appFiles = new Set(this.appFiles.concat([next.procfilePath, ...next.envFiles]));
    const codeFiles = [...changedPaths].filter((path) => !appFiles.has(path));
    const configChange = configChangeDescription(this.#live.configVars, next.configVars.values);
    const typesChanged = !sameProcessTypes(this.#live.processTypes, next.procfile.types);
    if (codeFiles.length === 0 && configChange === undefined && !typesChanged)
      return { kind: 'unchanged' };
    const version = this.#history.nextVersion();
    const capture = this.#steps.capture(version);
    try {
      const code =
        codeFiles.length > 0 || typesChanged
          ? await this.#steps.workingTreeCode(next, version, {
              codeFiles,
              typesChanged,
              previous: this.#live.slug,
            })
          : { kind: 'kept' as const };
      if (code.kind === 'kept' && configChange === undefined && !typesChanged) {
        // Its `Deploy (…)` line is out: say why no release follows (a save with no edit).
        const live = this.#history.current()?.version;
        this.#steps.api(
          `Nothing to deploy: the code is the same as ${live === undefined ? 'the running release' : `v${live}`}'s`,
        );
        return { kind: 'unchanged' };
      }
      const isDeploy = code.kind !== 'kept' || typesChanged;
      const description = isDeploy
        ? deployDescription(Math.max(1, codeFiles.length))
        : (addonChange ?? configChange ?? '');
      // A config change says what it sets; a code deploy said `Deploy (…)` before its build.
      if (!isDeploy) this.#steps.api(description);
      const release: ReleaseCode = {
        slug: code.kind === 'built' ? code.slug : this.#live.slug,
        processTypes: next.procfile.types,
        configVars: next.configVars.values,
      };
      const outcome = await this.#release(version, description, release, {
        failure: code.kind === 'failed' ? code.failure : undefined,
        releasePhase: isDeploy || addonChange === undefined,
      });
      if (outcome.status === 'succeeded') this.#app = next;
      return { kind: 'released', release: outcome };
    } finally {
      capture.stop();
    }
  }

  async #rollback(wanted: number | undefined): Promise<Release> {
    if (this.options.slugs === undefined)
      throw new HdevError('this hdev start keeps no slugs, so there is no code to roll back to', {
        hint: 'Start without --no-slugs to keep each release’s code.',
      });
    const target = rollbackTarget(this.#history.list(), wanted);
    if (!target.ok)
      throw new HdevError(`cannot roll back: ${target.reason}`, { hint: 'See `hdev releases`.' });
    const stored = this.#history.stored(target.release.version);
    const slug = this.#steps.slugOf(stored);
    if (stored === undefined || slug === undefined) {
      throw new HdevError(`cannot roll back: v${target.release.version}'s slug is gone`, {
        hint: 'See `hdev releases`; pick a release that is not expired.',
      });
    }
    const version = this.#history.nextVersion();
    const capture = this.#steps.capture(version);
    try {
      const release = await this.#release(
        version,
        rollbackDescription(stored.version),
        {
          slug,
          processTypes: stored.processTypes ?? this.#live.processTypes,
          configVars: stored.configVars,
        },
        { failure: undefined, releasePhase: true, rollbackOf: stored.version },
      );
      if (release.status === 'succeeded') this.options.restoreConfigVars?.(stored.configVars);
      return release;
    } finally {
      capture.stop();
    }
  }

  async #deployCommit(source: Extract<SlugSource, { kind: 'commit' }>): Promise<Release> {
    const slugs = this.options.slugs;
    if (slugs === undefined)
      throw new HdevError('this hdev start keeps no slugs, so it cannot deploy a pushed commit', {
        hint: 'Start without --no-slugs.',
      });
    const version = this.#history.nextVersion();
    const capture = this.#steps.capture(version);
    try {
      this.#steps.announceBuild(version, ` for ${source.commit.slice(0, 7)}`);
      const built = await this.#steps.buildSlug(version, {
        source,
        previous: this.#live.slug,
        dependenciesFrom: this.#live.slug?.dir ?? this.options.root,
        installInSlug: true,
        force: true,
      });
      const slug = built.kind === 'built' ? built.slug : undefined;
      const types = slug === undefined ? undefined : this.options.loadProcessTypes?.(slug.dir);
      return await this.#release(
        version,
        commitDeployDescription(source.commit),
        { slug, processTypes: types ?? this.#live.processTypes, configVars: this.#live.configVars },
        {
          failure:
            built.kind === 'failed'
              ? built.failure
              : slug === undefined
                ? 'the build made no slug'
                : undefined,
          releasePhase: true,
          commit: source.commit,
        },
      );
    } finally {
      capture.stop();
    }
  }

  /**
   * Records release vN and puts it live: the release phase, then the rollout. A failed build,
   * release phase or rollout leaves the previous release serving.
   */
  async #release(
    version: number,
    description: string,
    code: ReleaseCode,
    extra: {
      readonly failure: string | undefined;
      readonly releasePhase: boolean;
      readonly commit?: string;
      readonly rollbackOf?: number;
    },
  ): Promise<Release> {
    const previous = this.#history.current()?.version ?? 1;
    const fields = {
      version,
      description,
      ...this.#steps.content(code),
      ...(extra.commit === undefined ? {} : { commit: extra.commit }),
      ...(extra.rollbackOf === undefined ? {} : { rollbackOf: extra.rollbackOf }),
    };
    const failure =
      extra.failure ??
      (extra.releasePhase ? await this.#steps.releasePhaseFailure(code, version) : undefined);
    if (failure !== undefined) {
      this.#steps.api(`Release v${version} failed: ${failure}; v${previous} keeps running`);
      return this.#history.record({ ...fields, status: 'failed', failure });
    }
    this.#history.record({ ...fields, status: 'pending' });
    this.#steps.api(platformMessages.releaseCreated(version));
    this.#setPhase(`rolling out v${version}…`);
    const rollout = await this.#steps.rollout(code, version);
    if (!rollout.ok) {
      // The new web dynos never came up: the previous release's dynos kept serving throughout.
      this.#steps.api(`Release v${version} failed: ${rollout.failure}; v${previous} keeps serving`);
      return this.#history.settle(version, { status: 'failed', failure: rollout.failure });
    }
    this.#live = code;
    const release = this.#history.settle(version, { status: 'succeeded' });
    await this.#steps.prune();
    return release;
  }
}
