// Deploys, as the Heroku platform runs them: a code change or a config change makes release
// vN, which builds (code only), runs the release phase, and then rolls out to the dynos. A
// failing build or release phase leaves the running release serving.
import { relative, sep } from 'node:path';
import type { AppSpec, ProcessType } from '../domain/app-spec.js';
import { RELEASE_PROCESS_TYPE } from '../domain/app-spec.js';
import { platformMessages } from '../domain/platform-messages.js';
import type { Release } from '../domain/release.js';
import { missingNodeDependenciesIn, presentDependencyFiles } from './build-command.js';
import { dependencySteps, initialDependencyStep } from './dependency-install.js';
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
import type { StartResult, Supervisor } from '../supervisor/supervisor.js';

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

/** One command of a build, with the line announcing it (dependency installs have one). */
interface BuildStep {
  readonly command: string;
  readonly note?: string;
}

/** `… exited with status 3` → 3. */
function buildStatus(failure: string): number {
  return Number(/status (\d+)$/.exec(failure)?.[1] ?? 1);
}

export interface DeployerDeps {
  readonly supervisor: Supervisor;
  readonly bus: LogBus;
  readonly clock: Clock;
}

export type DeployOutcome =
  { readonly kind: 'unchanged' } | { readonly kind: 'released'; readonly release: Release };

const sameTypes = (a: readonly ProcessType[], b: readonly ProcessType[]): boolean =>
  a.length === b.length &&
  a.every((type, index) => {
    const other = b[index];
    return other !== undefined && type.name === other.name && type.command === other.command;
  });

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
   * build command), then the supervisor's release phase and formation.
   */
  async start(): Promise<StartResult | { ok: false; reason: 'build-failed'; status: number }> {
    const version = 1;
    const install = initialDependencyStep(
      missingNodeDependenciesIn(this.options.root),
      presentDependencyFiles(this.options.root),
    );
    const build: BuildStep[] = [
      ...(install?.kind === 'run'
        ? [{ command: install.command, note: `Installing dependencies (${install.reason})` }]
        : []),
      ...(this.options.buildCommand === undefined ? [] : [{ command: this.options.buildCommand }]),
    ];
    if (build.length > 0) {
      const failure = await this.#build(build, this.#app);
      if (failure !== undefined) {
        this.#record({ version, description: 'Initial release', status: 'failed', failure });
        return { ok: false, reason: 'build-failed', status: buildStatus(failure) };
      }
    }
    const started = await this.deps.supervisor.start();
    this.#record({
      version,
      description: 'Initial release',
      status: started.ok ? 'succeeded' : 'failed',
      ...(started.ok || started.reason !== 'release-failed'
        ? {}
        : { failure: `release command exited with status ${started.status}` }),
    });
    return started;
  }

  /** A deploy for `changedPaths` (absolute); deploys run one at a time, in order. */
  deploy(changedPaths: ReadonlySet<string>): Promise<DeployOutcome> {
    const run = this.#queue
      .then(() => this.#deploy(changedPaths))
      .finally(() => this.#setPhase(undefined));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #deploy(changedPaths: ReadonlySet<string>): Promise<DeployOutcome> {
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
    const typesChanged = !sameTypes(this.#app.procfile.types, next.procfile.types);
    if (codeFiles.length === 0 && configChange === undefined && !typesChanged)
      return { kind: 'unchanged' };

    const isDeploy = codeFiles.length > 0 || typesChanged;
    const description = isDeploy
      ? deployDescription(Math.max(1, codeFiles.length))
      : (configChange ?? '');
    const version = nextReleaseVersion(this.#releases);
    this.#api(isDeploy ? `Deploy (${this.#describeFiles(codeFiles)})` : description);
    const failure = await this.#prepare(next, version, isDeploy ? codeFiles : undefined);
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
    const rollout = await this.deps.supervisor.rollout(
      { version, processTypes: next.procfile.types, configVars: next.configVars.values },
      { preboot: this.options.preboot },
    );
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

  /** Build (code deploys) and release phase; a failure's description, or undefined. */
  /**
   * Build (code deploys: dependencies first when their manifest changed, then the build command)
   * and release phase; a failure's description, or undefined.
   */
  async #prepare(
    next: AppSpec,
    version: number,
    codeFiles: readonly string[] | undefined,
  ): Promise<string | undefined> {
    if (codeFiles !== undefined) {
      const steps = dependencySteps({
        changed: codeFiles.map((path) => relative(this.options.root, path).split(sep).join('/')),
        present: presentDependencyFiles(this.options.root),
        env: { ...(this.options.shellEnv ?? process.env), ...next.configVars.values },
      });
      for (const step of steps) if (step.kind === 'advise') this.#api(step.message);
      const build: BuildStep[] = [
        ...steps.flatMap((step) =>
          step.kind === 'run'
            ? [{ command: step.command, note: `Installing dependencies (${step.reason})` }]
            : [],
        ),
        ...(this.options.buildCommand === undefined
          ? []
          : [{ command: this.options.buildCommand }]),
      ];
      if (build.length > 0) {
        this.#setPhase(`building v${version}…`);
        const failed = await this.#build(build, next);
        if (failed !== undefined) return failed;
      }
    }
    const release = next.procfile.types.find((type) => type.name === RELEASE_PROCESS_TYPE);
    if (release === undefined) return undefined;
    this.#api(platformMessages.runningRelease(version));
    this.#setPhase(`release phase v${version}…`);
    const status = await this.deps.supervisor.runTask(
      RELEASE_PROCESS_TYPE,
      release.command,
      next.configVars.values,
    );
    return status === 0 ? undefined : `release command exited with status ${status}`;
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
