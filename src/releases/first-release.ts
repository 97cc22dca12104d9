// The first release of a run of `hdev start`: a push recorded while no start ran, or the working
// tree built into a new release when it changed since the current one, or the current release
// started again when nothing changed (as a dyno restart on Heroku: no new release, no release
// phase). Then the release phase and the formation, as every release.
import type { AppSpec, ProcessType } from '../domain/app-spec.js';
import { sameProcessTypes } from '../domain/app-spec.js';
import { platformMessages } from '../domain/platform-messages.js';
import { configChangeDescription, deployDescription } from '../domain/release.js';
import { initialBuild } from './build-plan.js';
import type { StoredRelease } from './ledger.js';
import type { StartResult } from './outcomes.js';
import type { ReleaseHistory } from './release-history.js';
import type { OutputCapture } from './release-output.js';
import type { ReleaseCode, ReleaseSteps } from './release-steps.js';
import type { Slug } from './slug-port.js';

export interface FirstReleaseContext {
  readonly steps: ReleaseSteps;
  readonly history: ReleaseHistory;
  readonly app: AppSpec;
  readonly root: string;
  /** Releases build slugs (false with --no-slugs: the build command runs in the app root). */
  readonly slugs: boolean;
  readonly buildCommand: string | undefined;
  readonly loadProcessTypes: ((slugDir: string) => readonly ProcessType[]) | undefined;
  /** hdev start is stopping (read anew after each await: a signal may come at any time). */
  readonly stopping: () => boolean;
}

export class FirstRelease {
  #live: ReleaseCode | undefined;

  constructor(private readonly context: FirstReleaseContext) {}

  private get steps(): ReleaseSteps {
    return this.context.steps;
  }

  /** The release that went live, once `run` succeeded. */
  get live(): ReleaseCode | undefined {
    return this.#live;
  }

  /** The working tree as a release without a slug (what a failed start records). */
  #workingTree(): ReleaseCode {
    return {
      slug: undefined,
      processTypes: this.context.app.procfile.types,
      configVars: this.context.app.configVars.values,
    };
  }

  async run(servicesReady: Promise<boolean>): Promise<StartResult> {
    const waiting = this.context.history.waitingPush();
    const version = waiting?.version ?? this.context.history.nextVersion();
    // What the build and release phase print is kept with the release (`hdev releases:output`).
    const capture = this.steps.capture(version);
    try {
      return waiting === undefined
        ? await this.#run(version, servicesReady, capture)
        : await this.#startWaitingPush(waiting, servicesReady);
    } finally {
      capture.stop();
    }
  }

  async #run(
    version: number,
    servicesReady: Promise<boolean>,
    capture: OutputCapture,
  ): Promise<StartResult> {
    const current = this.context.history.current();
    const install = initialBuild(this.context.root, undefined);
    const installFailure =
      install.length > 0
        ? await this.steps.buildInRoot(version, install, this.context.app.configVars.values)
        : undefined;
    if (installFailure !== undefined)
      return this.#startFailed(
        version,
        'Initial release',
        'build-failed',
        statusOf(installFailure),
      );
    if (this.context.stopping()) return { ok: false, reason: 'shutdown' };
    const code = await this.#startCode(current, version);
    if (code.kind === 'failed')
      return this.#startFailed(version, code.description, 'build-failed', code.status);
    const next: ReleaseCode = {
      slug: code.slug,
      processTypes: this.context.app.procfile.types,
      configVars: this.context.app.configVars.values,
    };
    if (current !== undefined && code.kind === 'kept' && sameRelease(current, next)) {
      // Nothing changed since it went live: its dynos start again, as a restart on Heroku does,
      // without a new release or a release phase.
      capture.stop(); // no release is made: nothing to keep
      this.steps.api(`Restarting v${current.version}: nothing changed since it was released`);
      return this.#goLive(current.version, next, servicesReady, { releasePhase: false });
    }
    const description =
      current === undefined
        ? 'Initial release'
        : code.kind === 'built'
          ? deployDescription(Math.max(1, code.changedFiles.length))
          : (configChangeDescription(current.configVars, next.configVars) ?? 'Deploy');
    this.context.history.record({
      version,
      description,
      status: 'pending',
      ...this.steps.content(next),
    });
    return this.#goLive(version, next, servicesReady, { releasePhase: true });
  }

  /** v(N)'s code at start: the working tree built anew, or the current slug when it is unchanged. */
  async #startCode(
    current: StoredRelease | undefined,
    version: number,
  ): Promise<
    | { readonly kind: 'built'; readonly slug: Slug; readonly changedFiles: readonly string[] }
    | { readonly kind: 'kept'; readonly slug: Slug | undefined }
    | { readonly kind: 'failed'; readonly description: string; readonly status: number }
  > {
    const previous = this.steps.slugOf(current);
    // A pushed commit or a rollback runs until the working tree changes: it is not the tree's code.
    if (
      previous !== undefined &&
      (current?.commit !== undefined || current?.rollbackOf !== undefined)
    )
      return { kind: 'kept', slug: previous };
    if (!this.context.slugs) {
      const build = initialBuild(this.context.root, this.context.buildCommand).filter(
        (step) => step.note === undefined,
      );
      const failure =
        build.length > 0
          ? await this.steps.buildInRoot(version, build, this.context.app.configVars.values)
          : undefined;
      return failure === undefined
        ? { kind: 'kept', slug: undefined }
        : { kind: 'failed', description: 'Initial release', status: statusOf(failure) };
    }
    const built = await this.steps.buildSlug(version, {
      source: { kind: 'working-tree', root: this.context.root },
      previous,
      dependenciesFrom: this.context.root,
      installInSlug: false,
      force: previous === undefined,
    });
    if (built.kind === 'failed')
      return { kind: 'failed', description: 'Deploy', status: statusOf(built.failure) };
    return built.kind === 'built' ? built : { kind: 'kept', slug: previous };
  }

  /** A push made while no `hdev start` ran: its release phase and rollout happen now. */
  async #startWaitingPush(
    waiting: StoredRelease,
    servicesReady: Promise<boolean>,
  ): Promise<StartResult> {
    const slug = this.steps.slugOf(waiting);
    const types = slug === undefined ? undefined : this.context.loadProcessTypes?.(slug.dir);
    if (slug === undefined || types === undefined)
      return this.#startFailed(waiting.version, waiting.description, 'release-failed', 1, true);
    const next = { slug, processTypes: types, configVars: this.context.app.configVars.values };
    this.context.history.record({ ...waiting, status: 'pending', ...this.steps.content(next) });
    return this.#goLive(waiting.version, next, servicesReady, { releasePhase: true });
  }

  /** The release phase (when asked), then the formation boots; v(N) settles either way. */
  async #goLive(
    version: number,
    next: ReleaseCode,
    servicesReady: Promise<boolean>,
    steps: { readonly releasePhase: boolean },
  ): Promise<StartResult> {
    if (!(await servicesReady) || this.context.stopping()) return this.#startStopped(version);
    const status = steps.releasePhase ? await this.steps.runReleasePhase(next, version) : undefined;
    if (this.context.stopping()) return this.#startStopped(version);
    if (status !== undefined && status !== 0) {
      this.steps.api(platformMessages.releaseFailed(version, status));
      this.#settleIfRecorded(version, `release command exited with status ${status}`);
      return { ok: false, reason: 'release-failed', status };
    }
    if (status !== undefined) this.steps.api(platformMessages.releaseCreated(version));
    const rollout = await this.steps.rollout(next, version).catch((error: unknown) => {
      // A shutdown that began meanwhile refuses the rollout: nothing of the release starts.
      if (this.context.stopping()) return undefined;
      throw error;
    });
    if (rollout === undefined || this.context.stopping()) return this.#startStopped(version);
    if (!rollout.ok) {
      this.#settleIfRecorded(version, rollout.failure);
      return { ok: false, reason: 'release-failed', status: 1 };
    }
    this.#live = next;
    this.#settleIfRecorded(version, undefined);
    await this.steps.prune();
    return { ok: true };
  }

  #settleIfRecorded(version: number, failure: string | undefined): void {
    if (this.context.history.stored(version)?.status !== 'pending') return;
    this.context.history.settle(
      version,
      failure === undefined ? { status: 'succeeded' } : { status: 'failed', failure },
    );
  }

  #startFailed(
    version: number,
    description: string,
    reason: 'build-failed' | 'release-failed',
    status: number,
    recorded = false,
  ): StartResult {
    if (recorded)
      this.context.history.settle(version, { status: 'failed', failure: 'its slug is gone' });
    else
      this.context.history.record({
        version,
        description,
        status: 'failed',
        failure: `build exited with status ${status}`,
        ...this.steps.content(this.#workingTree()),
      });
    return { ok: false, reason, status };
  }

  /** hdev start is stopping: the release never went live. */
  #startStopped(version: number): StartResult {
    this.#settleIfRecorded(version, 'hdev stopped before the release went live');
    return { ok: false, reason: 'shutdown' };
  }
}

/** The same code, process types and config vars: starting it again makes no new release. */
function sameRelease(current: StoredRelease, next: ReleaseCode): boolean {
  return (
    current.slug?.id === next.slug?.id &&
    configChangeDescription(current.configVars, next.configVars) === undefined &&
    sameProcessTypes(current.processTypes ?? [], next.processTypes)
  );
}

/** `… exited with status 3` → 3. */
export function statusOf(failure: string): number {
  return Number(/status (\d+)$/.exec(failure)?.[1] ?? 1);
}
