// Where an app's process types come from, as Heroku decides it: heroku.yml's `run:` section
// (container apps: the Procfile is then ignored), else the Procfile, else the default process
// types of the buildpack that builds the app. Pure: it takes what is in the app root.
import { WEB_TYPE } from '../domain/dyno-name.js';
import type { ProcessType } from '../domain/app-spec.js';
import { parseHerokuYmlRun } from './heroku-yml.js';

/** What the app root holds, as far as the choice depends on it (file texts, when present). */
export interface AppManifests {
  /** The Procfile exists (the default one, or the one named with -f). */
  readonly procfileExists: boolean;
  /** -f/--procfile was given: that file is used, or its absence is an error. */
  readonly procfileGiven: boolean;
  readonly herokuYml?: string | undefined;
  readonly packageJson?: string | undefined;
  readonly hasServerJs: boolean;
  readonly gemfileLock?: string | undefined;
  /** requirements.txt, Pipfile.lock, poetry.lock or uv.lock is present. */
  readonly pythonManifest?: string | undefined;
  /** app.json `buildpacks` URLs or names, in order. */
  readonly buildpacks?: readonly string[] | undefined;
}

export type ProcessTypesChoice =
  /** Read the Procfile (a missing one is an error; `hint` says why no buildpack default applies). */
  | { readonly kind: 'procfile'; readonly hint?: string }
  /** Process types that do not come from a Procfile, and one line saying where they come from. */
  | {
      readonly kind: 'declared';
      readonly file: string;
      readonly types: readonly ProcessType[];
      readonly description: string;
    };

type Buildpack = 'ruby' | 'nodejs' | 'python';

const BUILDPACK_NAMES: Readonly<Record<Buildpack, string>> = {
  ruby: 'Ruby',
  nodejs: 'Node.js',
  python: 'Python',
};

/**
 * Dev Center "Buildpacks" (detection order of the officially supported buildpacks): Ruby,
 * Node.js, Clojure, Python, Java, Gradle, Scala, PHP, Go; the first whose bin/detect succeeds
 * builds the app. hdev knows the three below.
 */
const DETECTION_ORDER: readonly Buildpack[] = ['ruby', 'nodejs', 'python'];

/** `heroku/nodejs`, `https://github.com/heroku/heroku-buildpack-nodejs` → nodejs. */
export function buildpackKind(urlOrName: string): Buildpack | undefined {
  const name = urlOrName.toLowerCase();
  if (/(^|[/-])(nodejs|node)(\b|$)/.test(name)) return 'nodejs';
  if (/(^|[/-])ruby(\b|$)/.test(name)) return 'ruby';
  if (/(^|[/-])python(\b|$)/.test(name)) return 'python';
  return undefined;
}

interface Defaults {
  readonly web?: string;
  readonly why: string;
}

function nodeScripts(packageJson: string): Readonly<Record<string, unknown>> | undefined {
  try {
    const parsed = JSON.parse(packageJson) as { scripts?: unknown };
    const scripts = parsed.scripts;
    return typeof scripts === 'object' && scripts !== null
      ? (scripts as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * heroku/heroku-buildpack-nodejs `bin/release` declares `web: npm start` for every app. npm runs
 * `scripts.start`, or `node server.js` when there is none and server.js exists (npm docs,
 * `npm start`); with neither, the buildpack's `bin/compile` warns "This app may not specify any
 * way to start a node process" and the dyno crashes. hdev refuses that case up front instead.
 */
function nodeDefaults(manifests: AppManifests): Defaults {
  const scripts = nodeScripts(manifests.packageJson ?? '');
  if (typeof scripts?.start === 'string')
    return { web: 'npm start', why: 'package.json has a start script' };
  if (manifests.hasServerJs)
    return {
      web: 'npm start',
      why: 'npm start runs `node server.js` when there is no start script',
    };
  return { why: 'package.json has no start script and there is no server.js' };
}

function hasGem(lock: string, gem: string): boolean {
  return new RegExp(`^ {4}${gem} \\(`, 'm').test(lock);
}

/**
 * heroku/heroku-buildpack-ruby: `lib/language_pack/rails4.rb` (and later Rails packs) declare
 * `web: bin/rails server -p $PORT -e $RAILS_ENV`; `lib/language_pack/rack.rb` declares
 * `bundle exec rackup config.ru -p $PORT` (`bundle exec thin start -R config.ru -e $RACK_ENV -p
 * $PORT` with thin). The buildpack also sets RAILS_ENV and RACK_ENV to `production` as default
 * config vars; hdev has no buildpack config vars, so it writes that default into the command
 * (`${RAILS_ENV:-production}`) rather than run `-e` with an empty value.
 */
function rubyDefaults(gemfileLock: string): Defaults {
  if (hasGem(gemfileLock, 'railties'))
    return {
      web: 'bin/rails server -p $PORT -e ${RAILS_ENV:-production}',
      why: 'Gemfile.lock has railties',
    };
  if (hasGem(gemfileLock, 'rack')) {
    const web = hasGem(gemfileLock, 'thin')
      ? 'bundle exec thin start -R config.ru -e ${RACK_ENV:-production} -p $PORT'
      : 'bundle exec rackup config.ru -p $PORT';
    return { web, why: 'Gemfile.lock has rack' };
  }
  return { why: 'Gemfile.lock has neither rails nor rack' };
}

/** heroku/heroku-buildpack-python `bin/release` declares no default process types at all. */
const PYTHON_DEFAULTS: Defaults = {
  why: 'the Python buildpack declares no default process types',
};

function applies(buildpack: Buildpack, manifests: AppManifests): boolean {
  switch (buildpack) {
    case 'nodejs':
      return manifests.packageJson !== undefined; // bin/detect: package.json in the root
    case 'ruby':
      return manifests.gemfileLock !== undefined; // bin/detect: Gemfile
    case 'python':
      return manifests.pythonManifest !== undefined;
  }
}

function defaultsOf(buildpack: Buildpack, manifests: AppManifests): Defaults {
  switch (buildpack) {
    case 'nodejs':
      return nodeDefaults(manifests);
    case 'ruby':
      return rubyDefaults(manifests.gemfileLock ?? '');
    case 'python':
      return PYTHON_DEFAULTS;
  }
}

/**
 * The buildpack whose default process types count. With app.json `buildpacks`, every listed
 * buildpack runs and the last one's `default_process_types` are used (Dev Center "Using
 * Multiple Buildpacks for an App": the last buildpack in the list determines the process types);
 * without, the first detected one builds the app.
 */
function decidingBuildpack(manifests: AppManifests): Buildpack | undefined {
  const listed = (manifests.buildpacks ?? [])
    .map(buildpackKind)
    .filter((kind): kind is Buildpack => kind !== undefined);
  if (listed.length > 0) return [...listed].reverse().find((kind) => applies(kind, manifests));
  return DETECTION_ORDER.find((kind) => applies(kind, manifests));
}

function fromHerokuYml(text: string): ProcessTypesChoice | undefined {
  const parsed = parseHerokuYmlRun(text);
  if (parsed.run === undefined || parsed.run.length === 0) return undefined;
  const types = [...parsed.run, ...(parsed.release === undefined ? [] : [parsed.release])];
  const names = types.map((type) => type.name).join(', ');
  return {
    kind: 'declared',
    file: 'heroku.yml',
    types,
    description: `process types from heroku.yml \`run:\` (${names}); Heroku ignores the Procfile when heroku.yml is used`,
  };
}

export function chooseProcessTypes(manifests: AppManifests): ProcessTypesChoice {
  if (manifests.procfileGiven) return { kind: 'procfile' };
  const container =
    manifests.herokuYml === undefined ? undefined : fromHerokuYml(manifests.herokuYml);
  if (container !== undefined) return container;
  if (manifests.procfileExists) return { kind: 'procfile' };
  const buildpack = decidingBuildpack(manifests);
  if (buildpack === undefined) return { kind: 'procfile' };
  const defaults = defaultsOf(buildpack, manifests);
  const name = BUILDPACK_NAMES[buildpack];
  if (defaults.web === undefined) {
    return {
      kind: 'procfile',
      hint: `No buildpack default either: ${defaults.why} (${name} buildpack).`,
    };
  }
  return {
    kind: 'declared',
    file: `${name} buildpack default`,
    types: [{ name: WEB_TYPE, command: defaults.web, line: 0 }],
    description: `no Procfile: using the ${name} buildpack's default process type \`web: ${defaults.web}\` (${defaults.why})`,
  };
}
