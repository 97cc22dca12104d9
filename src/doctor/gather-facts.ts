// The doctor's edge: reads the app root, asks git about a handful of paths and the local
// runtimes for their versions (each command bounded in time and output), and loads the app as
// `hdev check` does. Everything after this is pure.
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { missingRequiredVars } from '../cli/check.js';
import { resolveFormation } from '../config/formation.js';
import type { AppLocation } from '../config/load-app.js';
import { displayPath, loadApp } from '../config/load-app.js';
import { isPresent, MAX_MANIFEST_BYTES, readBoundedText } from '../config/bounded-read.js';
import { spawnProblems } from '../config/spawn-check.js';
import type { AppSpec } from '../domain/app-spec.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import { HdevError } from '../errors.js';
import type { AppFacts, CheckedFile, GitFacts, LocalRuntimes } from './facts.js';
import { ROOT_FILES, VENDORED_DIRS } from './facts.js';

const COMMAND_TIMEOUT_MS = 2000;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

interface CommandResult {
  readonly code: number;
  readonly stdout: string;
}

/** Runs a command to completion; a missing binary, a timeout or a signal is code -1. */
function run(file: string, args: readonly string[], cwd: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd,
        timeout: COMMAND_TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout) => {
        if (error === null) {
          resolve({ code: 0, stdout });
          return;
        }
        const code = typeof error.code === 'number' ? error.code : -1;
        // Too much output from `git ls-files node_modules` still tells that it is tracked.
        const overflow = error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
        resolve({ code: overflow ? 0 : code, stdout });
      },
    );
  });
}

function nulSeparated(text: string): string[] {
  return text.split('\0').filter((entry) => entry !== '');
}

/** `node_modules/x/y.js` → `node_modules/`; `Procfile` stays. */
function topLevel(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(0, slash + 1);
}

async function gitFacts(root: string, paths: readonly string[]): Promise<GitFacts | undefined> {
  const inside = await run('git', ['rev-parse', '--is-inside-work-tree'], root);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') return undefined;
  const dirs = VENDORED_DIRS.map((dir) => `${dir}/`);
  const [tracked, ignored, status] = await Promise.all([
    run('git', ['ls-files', '-z', '--', ...paths, ...VENDORED_DIRS], root),
    run('git', ['check-ignore', '--no-index', '--', ...paths, ...dirs], root),
    run('git', ['status', '--porcelain', '-z', '--untracked-files=no', '--', ...paths], root),
  ]);
  return {
    tracked: new Set(nulSeparated(tracked.stdout).map(topLevel)),
    ignored: new Set(
      ignored.stdout
        .split('\n')
        .filter((path) => path !== '')
        .map((path) => path.replace(/\/$/, '')),
    ),
    changed: new Set(nulSeparated(status.stdout).map((entry) => entry.slice(3))),
  };
}

async function localVersion(
  file: string,
  args: readonly string[],
  root: string,
): Promise<string | undefined> {
  const result = await run(file, args, root);
  return result.code === 0 ? /(\d+\.\d+\.\d+)/.exec(result.stdout)?.[1] : undefined;
}

async function localRuntimes(root: string): Promise<LocalRuntimes> {
  const [node, python, ruby] = await Promise.all([
    localVersion('node', ['--version'], root),
    localVersion('python3', ['--version'], root),
    localVersion('ruby', ['--version'], root),
  ]);
  return {
    ...(node === undefined ? {} : { node }),
    ...(python === undefined ? {} : { python }),
    ...(ruby === undefined ? {} : { ruby }),
  };
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function nestedProcfiles(root: string, entries: readonly string[]): string[] {
  return entries
    .filter((name) => !name.startsWith('.') && !(VENDORED_DIRS as readonly string[]).includes(name))
    .filter((name) => isDirectory(join(root, name)))
    .filter((name) => listDir(join(root, name)).includes('Procfile'))
    .map((name) => `${name}/Procfile`);
}

function readRootFiles(root: string, entries: readonly string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ROOT_FILES) {
    const path = join(root, name);
    if (!entries.includes(name) || !isPresent(path)) continue;
    try {
      files[name] = readBoundedText({
        path,
        shown: name,
        what: name,
        maxBytes: MAX_MANIFEST_BYTES,
        hint: '',
      });
    } catch {
      // too large or unreadable: the checks treat it as absent
    }
  }
  return files;
}

function classify(
  app: AppSpec,
  diagnostics: readonly Diagnostic[],
): Record<CheckedFile, Diagnostic[]> {
  const procfile = displayPath(app.procfilePath);
  const envFiles = app.envFiles.map((file) => displayPath(file));
  const byFile: Record<CheckedFile, Diagnostic[]> = { procfile: [], env: [], appJson: [] };
  for (const diagnostic of diagnostics) {
    const kind: CheckedFile =
      diagnostic.file === procfile
        ? 'procfile'
        : envFiles.includes(diagnostic.file)
          ? 'env'
          : 'appJson';
    byFile[kind].push(diagnostic);
  }
  return byFile;
}

function loadForDoctor(
  location: AppLocation,
): Pick<AppFacts, 'app' | 'loadProblem' | 'checkDiagnostics' | 'requiredVarDiagnostics'> {
  try {
    const app = loadApp(location, process.env);
    const formation = resolveFormation(
      app.procfile.types.map((type) => type.name),
      app.appJson?.formation,
      undefined,
    );
    return {
      app,
      checkDiagnostics: classify(app, [
        ...app.diagnostics,
        ...formation.diagnostics,
        ...spawnProblems(app),
      ]),
      // Heroku sees config vars only, never this shell's environment.
      requiredVarDiagnostics: missingRequiredVars(app, {}),
    };
  } catch (error) {
    if (!(error instanceof HdevError)) throw error;
    return {
      app: undefined,
      loadProblem: { message: error.message, hint: error.hint },
      checkDiagnostics: { procfile: [], env: [], appJson: [] },
      requiredVarDiagnostics: [],
    };
  }
}

export async function gatherFacts(location: AppLocation, root: string): Promise<AppFacts> {
  const entries = listDir(root);
  const loaded = loadForDoctor(location);
  const envFiles = (
    loaded.app?.envFiles ?? (entries.includes('.env') ? [join(root, '.env')] : [])
  ).map((path) => relative(root, path));
  const [git, runtimes] = await Promise.all([
    gitFacts(root, ['Procfile', ...envFiles.filter((file) => !file.startsWith('..'))]),
    localRuntimes(root),
  ]);
  return {
    root,
    rootEntries: entries,
    nestedProcfiles: nestedProcfiles(root, entries),
    files: readRootFiles(root, entries),
    ...loaded,
    envFiles,
    git,
    localRuntimes: runtimes,
  };
}
