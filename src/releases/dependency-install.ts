// Installing dependencies on a deploy, as the buildpacks do on every build: a deploy that
// changes the dependency manifest installs before the build, so a new dependency is there when
// the new dynos boot. Pure: which files changed and what the app holds → what to run or say.
//
// hdev installs into the app's own environment only: node_modules in the app (what the Node.js
// buildpack builds too), a virtualenv the app owns or the shell has active, a bundle vendored in
// the app or at BUNDLE_PATH. It never installs into a system or user-wide Python or Ruby; then it
// says what to run instead.

/** What the app root holds and the environment says, as far as installing depends on it. */
export interface DependencyContext {
  /** Changed paths, relative to the app root with `/` separators. */
  readonly changed: readonly string[];
  /** Which of the files and directories below exist in the app root. */
  readonly present: ReadonlySet<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type DependencyStep =
  | { readonly kind: 'run'; readonly command: string; readonly reason: string }
  | { readonly kind: 'advise'; readonly message: string };

/** Root entries the decision looks at (app-manifests reads just these). */
export const DEPENDENCY_FILES = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'requirements.txt',
  '.venv',
  'venv',
  'Gemfile',
  'Gemfile.lock',
  'vendor/bundle',
] as const;

const NODE_MANIFESTS = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
];

/**
 * heroku/heroku-buildpack-nodejs `lib/dependencies.sh`: `npm ci` with a package-lock.json (or
 * npm-shrinkwrap.json), else `npm install`; `yarn install --frozen-lockfile` with yarn.lock;
 * `pnpm install --frozen-lockfile` with pnpm-lock.yaml. Like the buildpack, hdev installs
 * devDependencies too (the build may need them); unlike it, it does not prune them afterwards.
 */
function nodeInstall(present: ReadonlySet<string>): string {
  if (present.has('pnpm-lock.yaml')) return 'pnpm install --frozen-lockfile';
  if (present.has('yarn.lock')) return 'yarn install --frozen-lockfile';
  if (present.has('package-lock.json') || present.has('npm-shrinkwrap.json'))
    return 'npm ci --no-audit --no-fund';
  return 'npm install --no-audit --no-fund';
}

/** The virtualenv the app owns: the active one (VIRTUAL_ENV), else `.venv` or `venv` in the app. */
function virtualenv(context: DependencyContext): string | undefined {
  const active = context.env.VIRTUAL_ENV;
  if (active !== undefined && active !== '') return active;
  return ['.venv', 'venv'].find((dir) => context.present.has(dir));
}

function shellQuote(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** heroku/heroku-buildpack-python installs requirements.txt with `pip install -r`. */
function pythonStep(context: DependencyContext): DependencyStep {
  const venv = virtualenv(context);
  if (venv === undefined) {
    return {
      kind: 'advise',
      message:
        'requirements.txt changed, but the app has no virtualenv (no VIRTUAL_ENV, .venv or venv): hdev does not install into your system Python. Run `python3 -m venv .venv && .venv/bin/pip install -r requirements.txt`, then save a file to redeploy.',
    };
  }
  return {
    kind: 'run',
    command: `${shellQuote(`${venv}/bin/pip`)} install -r requirements.txt`,
    reason: 'requirements.txt changed',
  };
}

/** heroku/heroku-buildpack-ruby runs `bundle install` into the app's vendor/bundle. */
function rubyStep(context: DependencyContext): DependencyStep {
  const path = context.env.BUNDLE_PATH;
  if ((path !== undefined && path !== '') || context.present.has('vendor/bundle')) {
    return { kind: 'run', command: 'bundle install', reason: 'Gemfile changed' };
  }
  return {
    kind: 'advise',
    message:
      'Gemfile changed, but the app has no bundle of its own (no vendor/bundle, no BUNDLE_PATH): hdev does not install gems system-wide. Run `bundle install`, then save a file to redeploy.',
  };
}

export function dependencySteps(context: DependencyContext): DependencyStep[] {
  const changed = new Set(context.changed);
  const steps: DependencyStep[] = [];
  const nodeChanges = NODE_MANIFESTS.filter((file) => changed.has(file));
  if (nodeChanges.length > 0 && context.present.has('package.json')) {
    steps.push({
      kind: 'run',
      command: nodeInstall(context.present),
      reason: `${nodeChanges.join(', ')} changed`,
    });
  }
  if (changed.has('requirements.txt') && context.present.has('requirements.txt'))
    steps.push(pythonStep(context));
  if ((changed.has('Gemfile') || changed.has('Gemfile.lock')) && context.present.has('Gemfile'))
    steps.push(rubyStep(context));
  return steps;
}

/**
 * The first release of a run: the buildpack installs on every build, so a fresh clone works on
 * Heroku without `npm install`. hdev installs when a dependency package.json declares is not in
 * node_modules (a fresh clone, a `git pull` that added one); an app whose node_modules already
 * holds them all is left alone, so a start costs nothing extra.
 */
export function missingNodeDependencies(
  packageJson: string | undefined,
  installed: (name: string) => boolean,
): string[] {
  if (packageJson === undefined) return [];
  let manifest: unknown;
  try {
    manifest = JSON.parse(packageJson);
  } catch {
    return []; // npm would fail on it too; the build step says so
  }
  if (typeof manifest !== 'object' || manifest === null) return [];
  const { dependencies, devDependencies } = manifest as Record<string, unknown>;
  const names = [dependencies, devDependencies].flatMap((group) =>
    typeof group === 'object' && group !== null ? Object.keys(group) : [],
  );
  return [...new Set(names)].filter((name) => !installed(name));
}

/** The install step of the first release when dependencies are missing, as a deploy would run it. */
export function initialDependencyStep(
  missing: readonly string[],
  present: ReadonlySet<string>,
): DependencyStep | undefined {
  if (missing.length === 0) return undefined;
  const shown = missing.slice(0, 3).join(', ') + (missing.length > 3 ? ', …' : '');
  return {
    kind: 'run',
    command: nodeInstall(present),
    reason: `not installed: ${shown}`,
  };
}
