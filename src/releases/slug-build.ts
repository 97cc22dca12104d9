// Building a slug, as Heroku's slug compiler does: the source (the working tree, or a pushed
// commit) is staged without `.git`, what git ignores and `.slugignore`'s files; the build runs in
// the staged copy, so what it writes (a `dist/` folder) is the slug's and not the working tree's;
// then the copy is sealed and never changes again.
import { groupThousands } from '../domain/number-format.js';
import type { Slug, SlugSource, SlugStorePort, StagedSlug } from './slug-port.js';
import {
  chooseBuildCommand,
  missingNodeDependenciesIn,
  presentDependencyFiles,
} from './build-command.js';
import { dependencySteps, initialDependencyStep } from './dependency-install.js';
import { slugSizeProblem } from '../slugs/slug-size.js';

export interface SlugBuildContext {
  readonly store: SlugStorePort;
  /** `--build CMD`; otherwise package.json's `heroku-postbuild` or `build` script, if any. */
  readonly buildFlag: string | undefined;
  /** The build's environment, for the install decision (an active virtualenv, BUNDLE_PATH). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Runs one build command in `dir`; resolves with its exit status. */
  readonly run: (command: string, dir: string, note?: string) => Promise<number>;
  readonly say: (line: string) => void;
  /** The staged code differs (or a build is forced): the build begins. */
  readonly building?: () => void;
}

export interface SlugBuildRequest {
  readonly source: SlugSource;
  /** The running release's slug: unchanged files are linked from it, not copied. */
  readonly previous: Slug | undefined;
  /** Where the dependency folders (node_modules…) are linked from. */
  readonly dependenciesFrom: string;
  /** A pushed commit installs its dependencies in the slug; the working tree has its own. */
  readonly installInSlug: boolean;
  /** Build even when no source file changed (a Procfile change, a dependency install). */
  readonly force: boolean;
}

export type SlugBuildResult =
  | { readonly kind: 'built'; readonly slug: Slug; readonly changedFiles: readonly string[] }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'failed'; readonly failure: string };

export async function buildSlug(
  context: SlugBuildContext,
  request: SlugBuildRequest,
): Promise<SlugBuildResult> {
  const staged = await context.store.stage(request.source, {
    dependenciesFrom: request.dependenciesFrom,
    ...(request.previous === undefined ? {} : { previous: request.previous.id }),
  });
  try {
    for (const warning of staged.warnings) context.say(warning);
    const unchanged = staged.changedFiles.length === 0 && staged.removedFiles.length === 0;
    if (unchanged && !request.force && request.previous !== undefined) {
      await context.store.discard(staged);
      return { kind: 'unchanged' };
    }
    context.building?.();
    const failure = await runBuild(context, request, staged);
    if (failure !== undefined) {
      await context.store.discard(staged);
      return { kind: 'failed', failure };
    }
    const slug = await context.store.seal(staged);
    context.say(slugSizeLine(slug));
    return { kind: 'built', slug, changedFiles: staged.changedFiles };
  } catch (error) {
    await context.store.discard(staged).catch(() => undefined);
    throw error;
  }
}

/** Dependencies (pushed commits only), then the build command, in the staged slug. */
async function runBuild(
  context: SlugBuildContext,
  request: SlugBuildRequest,
  staged: StagedSlug,
): Promise<string | undefined> {
  const steps = [
    ...(request.installInSlug ? installSteps(staged, context.env) : []),
    ...buildCommandStep(chooseBuildCommand(staged.dir, context.buildFlag)),
  ];
  for (const step of steps) {
    const status = await context.run(step.command, staged.dir, step.note);
    if (status !== 0) {
      context.say(`Build failed: \`${step.command}\` exited with status ${status}`);
      return `\`${step.command}\` exited with status ${status}`;
    }
  }
  return undefined;
}

interface Step {
  readonly command: string;
  readonly note?: string;
}

const buildCommandStep = (command: string | undefined): Step[] =>
  command === undefined ? [] : [{ command }];

/** As the buildpack installs on every build: when a manifest changed, or dependencies are missing. */
function installSteps(
  staged: StagedSlug,
  env: Readonly<Record<string, string | undefined>>,
): Step[] {
  const present = presentDependencyFiles(staged.dir);
  const changed = dependencySteps({ changed: staged.changedFiles, present, env });
  const run = changed.flatMap((step) =>
    step.kind === 'run'
      ? [{ command: step.command, note: `Installing dependencies (${step.reason})` }]
      : [],
  );
  if (run.length > 0) return run;
  const missing = initialDependencyStep(missingNodeDependenciesIn(staged.dir), present);
  return missing?.kind === 'run'
    ? [{ command: missing.command, note: `Installing dependencies (${missing.reason})` }]
    : [];
}

/** `Slug compiled: 12.4 MiB (1,203 files)`, with a warning past Heroku's 500 MB limit. */
export function slugSizeLine(slug: Pick<Slug, 'sizeBytes' | 'fileCount'>): string {
  const files = `${groupThousands(slug.fileCount)} ${slug.fileCount === 1 ? 'file' : 'files'}`;
  const line = `Slug compiled: ${formatMegabytes(slug.sizeBytes)} (${files})`;
  const problem = slugSizeProblem(slug.sizeBytes);
  return problem === undefined ? line : `${line}. Warning: ${problem}`;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
