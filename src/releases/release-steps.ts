// The steps every release is made of, whatever made it (a start, a saved file, a push, a
// rollback): builds in the app root or in a staged slug, the release phase, the rollout, and
// keeping the slugs and each release's output. The deployer decides which steps run, and when.
import { relative } from 'node:path';
import type { AppSpec, ProcessType } from '../domain/app-spec.js';
import { RELEASE_PROCESS_TYPE } from '../domain/app-spec.js';
import { DEFAULT_KEEP_SLUGS } from '../domain/defaults.js';
import { HdevError } from '../errors.js';
import { platformMessages } from '../domain/platform-messages.js';
import type { LogBus } from '../logs/log-bus.js';
import { platformBatch } from '../logs/log-bus.js';
import type { RolloutResult, Supervisor } from '../supervisor/supervisor.js';
import type { Clock } from '../time/clock.js';
import type { BuildStep } from './build-plan.js';
import { deployBuild } from './build-plan.js';
import type { ReleaseLedger, StoredRelease } from './ledger.js';
import type { ReleaseHistory } from './release-history.js';
import { captureOutput, type OutputCapture } from './release-output.js';
import { buildSlug, type SlugBuildRequest, type SlugBuildResult } from './slug-build.js';
import type { Slug, SlugStorePort } from './slug-port.js';

/** What a release runs: its code (a slug, or the working tree without one), types, config vars. */
export interface ReleaseCode {
  readonly slug: Slug | undefined;
  readonly processTypes: readonly ProcessType[];
  readonly configVars: Readonly<Record<string, string>>;
}

export interface ReleaseStepsOptions {
  readonly root: string;
  /** `--build CMD`; otherwise package.json's `heroku-postbuild` or `build` script. */
  readonly buildCommand: string | undefined;
  readonly preboot: boolean;
  readonly shellEnv?: Readonly<Record<string, string | undefined>>;
  readonly slugs?: SlugStorePort;
  readonly ledger?: ReleaseLedger;
  readonly keepSlugs?: number;
}

export interface ReleaseStepsDeps {
  readonly supervisor: Supervisor;
  readonly bus: LogBus;
  readonly clock: Clock;
  readonly history: ReleaseHistory;
  /** The running release's config vars: a slug build runs with them. */
  readonly liveConfigVars: () => Readonly<Record<string, string>>;
  readonly setPhase: (phase: string) => void;
}

export class ReleaseSteps {
  #building = false;
  #announced: number | undefined;
  readonly #namedWrites = new Set<string>();
  private readonly history: ReleaseHistory;
  private readonly liveConfigVars: () => Readonly<Record<string, string>>;
  private readonly setPhase: (phase: string) => void;

  constructor(
    private readonly options: ReleaseStepsOptions,
    private readonly deps: ReleaseStepsDeps,
  ) {
    this.history = deps.history;
    this.liveConfigVars = deps.liveConfigVars;
    this.setPhase = deps.setPhase;
  }

  /** True while a build runs in the app root: the files it writes are not a change to deploy. */
  get building(): boolean {
    return this.#building;
  }

  /** A release phase's failure, or undefined when it succeeded or there is none. */
  async releasePhaseFailure(code: ReleaseCode, version: number): Promise<string | undefined> {
    const status = await this.runReleasePhase(code, version);
    return status === undefined || status === 0
      ? undefined
      : `release command exited with status ${status}`;
  }

  /**
   * Heroku's release phase: the Procfile's `release` command runs in a one-off dyno
   * (`release.N`) in the release's slug with its config vars, before any dyno of the release
   * boots. Resolves with its exit status, or undefined when the Procfile has no `release`.
   */
  async runReleasePhase(code: ReleaseCode, version: number): Promise<number | undefined> {
    const release = code.processTypes.find((type) => type.name === RELEASE_PROCESS_TYPE);
    if (release === undefined) return undefined;
    this.api(platformMessages.runningRelease(version));
    this.setPhase(`release phase v${version}…`);
    return this.deps.supervisor.runTask(
      RELEASE_PROCESS_TYPE,
      release.command,
      code.configVars,
      code.slug?.dir ?? this.options.root,
    );
  }

  /** Runs build steps in the app root (dependency installs) as the `build` task. */
  async buildInRoot(
    version: number,
    steps: readonly BuildStep[],
    configVars: Readonly<Record<string, string>>,
  ): Promise<string | undefined> {
    this.announceBuild(version);
    this.#building = true;
    try {
      for (const step of steps) {
        const status = await this.runBuildStep(
          step.command,
          this.options.root,
          configVars,
          step.note,
        );
        if (status !== 0) {
          this.api(`Build failed: \`${step.command}\` exited with status ${status}`);
          return step.note === undefined
            ? `build exited with status ${status}`
            : `\`${step.command}\` exited with status ${status}`;
        }
      }
      if (this.options.slugs === undefined) this.api('Build succeeded');
      return undefined;
    } finally {
      this.#building = false;
    }
  }

  runBuildStep(
    command: string,
    dir: string,
    configVars: Readonly<Record<string, string>>,
    note?: string,
  ): Promise<number> {
    if (note !== undefined) this.api(`${note}: ${command}`);
    return this.deps.supervisor.runTask('build', command, configVars, dir);
  }

  /**
   * Heroku's `Build started`, once per release: said when the first build step runs, so a start
   * whose code did not change says nothing about a build.
   */
  announceBuild(version: number, detail = ''): void {
    if (this.#announced === version) return;
    this.#announced = version;
    this.api(`Build started${detail}`);
  }

  /** Stages the code, runs the build in the staged copy, seals it. */
  async buildSlug(version: number, request: SlugBuildRequest): Promise<SlugBuildResult> {
    const slugs = this.options.slugs;
    if (slugs === undefined) throw new Error('no slug store');
    this.setPhase(`building v${version}…`);
    if (request.previous !== undefined) await this.nameWrittenFiles(slugs, request.previous);
    // A build that will run whatever the stage finds says so before the stage, as Heroku's
    // `Build started` comes first; otherwise only once the staged code turns out to differ.
    if (request.force) this.announceBuild(version);
    const result = await this.#tryBuildSlug(slugs, version, request);
    if (result.kind === 'built') this.api('Build succeeded');
    return result;
  }

  /** A slug that cannot be made (a full disk, an unreadable file) is a failed build, never a crash. */
  async #tryBuildSlug(
    slugs: SlugStorePort,
    version: number,
    request: SlugBuildRequest,
  ): Promise<SlugBuildResult> {
    try {
      return await buildSlug(
        {
          store: slugs,
          buildFlag: this.options.buildCommand,
          env: { ...(this.options.shellEnv ?? process.env), ...this.liveConfigVars() },
          run: (command, dir, note) => this.runBuildStep(command, dir, this.liveConfigVars(), note),
          say: (line) => this.api(line),
          building: () => this.announceBuild(version),
        },
        request,
      );
    } catch (error) {
      const hint = error instanceof HdevError && error.hint !== undefined ? ` ${error.hint}` : '';
      const failure = `the slug could not be made: ${error instanceof Error ? error.message : String(error)}`;
      this.announceBuild(version);
      this.api(`Build failed: ${failure}.${hint}`);
      return { kind: 'failed', failure };
    }
  }

  /**
   * Files the dynos wrote into the running slug are lost with it, as on Heroku, where a dyno's
   * filesystem is ephemeral (Dev Center: Dyno Isolation): named once each, at the next build.
   */
  async nameWrittenFiles(slugs: SlugStorePort, previous: Slug): Promise<void> {
    const written = await slugs.writtenSince(previous.id).catch(() => []);
    const fresh = written.filter((path) => !this.#namedWrites.has(path));
    if (fresh.length === 0) return;
    for (const path of fresh) this.#namedWrites.add(path);
    const shown =
      fresh.slice(0, 3).join(', ') + (fresh.length > 3 ? ` and ${fresh.length - 3} more` : '');
    this.api(
      `The dynos wrote ${shown} into their slug: a new release starts without ${fresh.length === 1 ? 'it' : 'them'}, as on Heroku, where a dyno's files are lost at every deploy and restart. Keep data in an add-on (hdev addons:create heroku-postgresql), or run hdev start --no-slugs to let dynos write into the app folder`,
    );
  }

  /** Old slugs go, except the newest ones and the current release's; their releases expire. */
  async prune(): Promise<void> {
    const slugs = this.options.slugs;
    if (slugs === undefined) return;
    const keepCount = Math.max(1, this.options.keepSlugs ?? DEFAULT_KEEP_SLUGS);
    const withSlugs = this.history
      .list()
      .filter((release) => release.slug !== undefined && release.status !== 'expired')
      .sort((a, b) => b.version - a.version);
    const keep = new Set<string>();
    const currentSlug = this.history.current()?.slug?.id;
    if (currentSlug !== undefined) keep.add(currentSlug);
    for (const release of withSlugs) {
      if (keep.size >= keepCount + 1) break;
      if (release.slug !== undefined) keep.add(release.slug.id);
    }
    const removed = await slugs.prune(keep).catch(() => []);
    if (removed.length > 0) this.history.expire(new Set(removed));
  }

  /** A release's slug, if the store still has it. */
  slugOf(release: StoredRelease | undefined): Slug | undefined {
    const id = release?.slug?.id;
    return id === undefined ? undefined : this.options.slugs?.get(id);
  }

  content(code: ReleaseCode): Pick<StoredRelease, 'slug' | 'configVars' | 'processTypes'> {
    return {
      configVars: code.configVars,
      processTypes: code.processTypes,
      ...(code.slug === undefined
        ? {}
        : { slug: { id: code.slug.id, sizeBytes: code.slug.sizeBytes } }),
    };
  }

  /** Keeps what a release's build and release phase print, for `hdev releases:output`. */
  capture(version: number): OutputCapture {
    const ledger = this.options.ledger;
    return ledger === undefined
      ? { stop: () => undefined }
      : captureOutput(this.deps.bus, (text) => ledger.appendOutput(version, text));
  }

  api(message: string): void {
    this.deps.bus.publish(platformBatch('api', message, this.deps.clock.now(), 'app'));
  }

  /** The supervisor puts the release's dynos live, in its slug; web dynos with preboot. */
  rollout(code: ReleaseCode, version: number): Promise<RolloutResult> {
    return this.deps.supervisor.rollout(
      {
        version,
        processTypes: code.processTypes,
        configVars: code.configVars,
        ...(code.slug === undefined ? {} : { dir: code.slug.dir }),
      },
      { preboot: this.options.preboot },
    );
  }

  /** The working tree's code for a deploy: dependencies installed in place, then a new slug. */
  async workingTreeCode(
    next: AppSpec,
    version: number,
    change: {
      readonly codeFiles: readonly string[];
      readonly typesChanged: boolean;
      readonly previous: Slug | undefined;
    },
  ): Promise<
    | {
        readonly kind: 'built';
        readonly slug: Slug | undefined;
        readonly changedFiles: readonly string[];
      }
    | { readonly kind: 'kept' }
    | { readonly kind: 'failed'; readonly failure: string }
  > {
    this.api(`Deploy (${this.#describeFiles(change.codeFiles)})`);
    const build = deployBuild({
      root: this.options.root,
      changedFiles: change.codeFiles,
      buildCommand: this.options.slugs === undefined ? this.options.buildCommand : undefined,
      env: { ...(this.options.shellEnv ?? process.env), ...next.configVars.values },
    });
    for (const advice of build.advice) this.api(advice);
    if (build.steps.length > 0) {
      this.setPhase(`building v${version}…`);
      const failure = await this.buildInRoot(version, build.steps, next.configVars.values);
      if (failure !== undefined) return { kind: 'failed', failure };
    }
    if (this.options.slugs === undefined)
      return { kind: 'built', slug: undefined, changedFiles: change.codeFiles };
    const built = await this.buildSlug(version, {
      source: { kind: 'working-tree', root: this.options.root },
      previous: change.previous,
      dependenciesFrom: this.options.root,
      installInSlug: false,
      force: change.typesChanged || build.steps.length > 0 || change.previous === undefined,
    });
    return built.kind === 'unchanged' ? { kind: 'kept' } : built;
  }

  #describeFiles(files: readonly string[]): string {
    if (files.length === 0) return 'Procfile changed';
    const shown = files.slice(0, 3).map((path) => relative(this.options.root, path));
    const more = files.length > 3 ? ` and ${files.length - 3} more` : '';
    return `${shown.join(', ')}${more}`;
  }
}
