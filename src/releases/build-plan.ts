// What a build runs, step by step: missing or changed dependencies first (the buildpack installs
// them on every build), then the app's build command.
import { relative, sep } from 'node:path';
import { missingNodeDependenciesIn, presentDependencyFiles } from './build-command.js';
import { dependencySteps, initialDependencyStep } from './dependency-install.js';

/** One command of a build, with the line announcing it (dependency installs have one). */
export interface BuildStep {
  readonly command: string;
  readonly note?: string;
}

export interface BuildPlan {
  readonly steps: readonly BuildStep[];
  /** What the developer should do that hdev does not (a dependency hdev will not install). */
  readonly advice: readonly string[];
}

const installNote = (reason: string): string => `Installing dependencies (${reason})`;

const buildCommandStep = (buildCommand: string | undefined): BuildStep[] =>
  buildCommand === undefined ? [] : [{ command: buildCommand }];

/** v1's build: dependencies the app lacks, then the build command. */
export function initialBuild(root: string, buildCommand: string | undefined): BuildStep[] {
  const install = initialDependencyStep(
    missingNodeDependenciesIn(root),
    presentDependencyFiles(root),
  );
  return [
    ...(install?.kind === 'run'
      ? [{ command: install.command, note: installNote(install.reason) }]
      : []),
    ...buildCommandStep(buildCommand),
  ];
}

/** A code deploy's build: dependencies whose manifest changed, then the build command. */
export function deployBuild(options: {
  readonly root: string;
  /** Absolute paths of the changed code files. */
  readonly changedFiles: readonly string[];
  readonly buildCommand: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}): BuildPlan {
  const steps = dependencySteps({
    changed: options.changedFiles.map((path) => relative(options.root, path).split(sep).join('/')),
    present: presentDependencyFiles(options.root),
    env: options.env,
  });
  return {
    advice: steps.flatMap((step) => (step.kind === 'advise' ? [step.message] : [])),
    steps: [
      ...steps.flatMap((step) =>
        step.kind === 'run' ? [{ command: step.command, note: installNote(step.reason) }] : [],
      ),
      ...buildCommandStep(options.buildCommand),
    ],
  };
}

/** `… exited with status 3` → 3. */
export function buildStatus(failure: string): number {
  return Number(/status (\d+)$/.exec(failure)?.[1] ?? 1);
}
