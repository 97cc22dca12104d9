// The facts about an app that the doctor's pure checks read: file texts of the app root, what
// git knows, the app as `hdev check` loads it, and the runtimes installed here. Gathered by
// gather-facts.ts; every check module takes these and returns findings.
import type { AppSpec } from '../domain/app-spec.js';
import type { Diagnostic } from '../domain/diagnostic.js';

export type CheckedFile = 'procfile' | 'env' | 'appJson';

export interface GitFacts {
  /** Of the paths asked about (see gather-facts.ts), those git tracks; `dir/` prefixes for dirs. */
  readonly tracked: ReadonlySet<string>;
  /** Of the paths asked about, those a .gitignore rule matches (tracked or not). */
  readonly ignored: ReadonlySet<string>;
  /** Of the paths asked about, those with uncommitted changes (`git status --porcelain`). */
  readonly changed: ReadonlySet<string>;
}

export interface LocalRuntimes {
  /** `v22.3.0` → `22.3.0`, when the binary answered. */
  readonly node?: string;
  readonly python?: string;
  readonly ruby?: string;
}

export interface AppFacts {
  readonly root: string;
  /** Names in the app root. */
  readonly rootEntries: readonly string[];
  /** `sub/Procfile` for every Procfile one folder below the root. */
  readonly nestedProcfiles: readonly string[];
  /** Texts of the root files the checks read (see ROOT_FILES), when present. */
  readonly files: Readonly<Record<string, string>>;
  /** The app as `hdev check` loads it; undefined when that failed (see loadProblem). */
  readonly app: AppSpec | undefined;
  readonly loadProblem?: { readonly message: string; readonly hint?: string | undefined };
  /** Everything `hdev check` reports, by the file it is about (Procfile, env files, app.json). */
  readonly checkDiagnostics: Readonly<Record<CheckedFile, readonly Diagnostic[]>>;
  /** Missing app.json `required` vars, as `hdev check` reports them. */
  readonly requiredVarDiagnostics: readonly Diagnostic[];
  /** The env files, relative to the root when inside it (`.env`). */
  readonly envFiles: readonly string[];
  /** Undefined when the app is not in a git repository (or git is not installed). */
  readonly git: GitFacts | undefined;
  readonly localRuntimes: LocalRuntimes;
}

/** Files whose presence makes heroku-buildpack-python's bin/detect succeed. */
const PYTHON_FILES = [
  'requirements.txt',
  'Pipfile',
  'Pipfile.lock',
  'pyproject.toml',
  'poetry.lock',
  'uv.lock',
] as const;

/** The root files the checks read, beyond what loadApp reads. */
export const ROOT_FILES = [
  'package.json',
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  ...PYTHON_FILES,
  'Gemfile',
  'Gemfile.lock',
  '.python-version',
  'runtime.txt',
] as const;

/** Folders that must never be committed (heroku-buildpack-python / -nodejs refuse or warn). */
export const VENDORED_DIRS = ['node_modules', '.venv', 'venv'] as const;

export type Language = 'python' | 'nodejs' | 'ruby';

/** Which buildpack's bin/detect succeeds for the files in the root. */
export function impliedLanguages(facts: Pick<AppFacts, 'rootEntries'>): Language[] {
  const has = (name: string): boolean => facts.rootEntries.includes(name);
  const languages: Language[] = [];
  if (PYTHON_FILES.some(has)) languages.push('python');
  if (has('package.json')) languages.push('nodejs');
  if (has('Gemfile')) languages.push('ruby');
  return languages;
}

/** package.json, parsed; undefined when absent or not JSON. */
export interface PackageJson {
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly scripts: Readonly<Record<string, string>>;
  readonly engines: Readonly<Record<string, string>>;
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

export function readPackageJson(text: string | undefined): PackageJson | undefined {
  if (text === undefined) return undefined;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    return {
      dependencies: stringRecord(json.dependencies),
      devDependencies: stringRecord(json.devDependencies),
      scripts: stringRecord(json.scripts),
      engines: stringRecord(json.engines),
    };
  } catch {
    return undefined;
  }
}
