// Runs the git CLI: hdev drives the user's own git rather than reimplementing its formats.
import { execFile } from 'node:child_process';
import { HdevError } from '../errors.js';

export type GitEnv = Readonly<Record<string, string | undefined>>;

export interface GitResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Git's own quarantine variables, set in a pre-receive hook's environment (git-receive-pack(1)). */
export const QUARANTINE_VARIABLES = [
  'GIT_QUARANTINE_PATH',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
] as const;

/** The quarantine variables of a hook's environment, and nothing else. */
export function quarantineEnv(env: GitEnv): Record<string, string | undefined> {
  return Object.fromEntries(QUARANTINE_VARIABLES.map((name) => [name, env[name]]));
}

/**
 * The variables that tie git to one repository (`git rev-parse --local-env-vars`, plus the
 * quarantine path). A hook inherits them: GIT_DIR=. names the bare repository from the hook's
 * own directory, and would send any git run elsewhere to the wrong repository.
 */
const REPOSITORY_VARIABLES: ReadonlySet<string> = new Set([
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_OBJECT_DIRECTORY',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_GRAFT_FILE',
  'GIT_INDEX_FILE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_REPLACE_REF_BASE',
  'GIT_PREFIX',
  'GIT_INTERNAL_SUPER_PREFIX',
  'GIT_SHALLOW_FILE',
  'GIT_COMMON_DIR',
  'GIT_QUARANTINE_PATH',
]);

export const isRepositoryVariable = (name: string): boolean =>
  REPOSITORY_VARIABLES.has(name) || /^GIT_CONFIG_(?:KEY|VALUE)_\d+$/.test(name);

/** An environment without the repository variables, plus the ones given in `gitVars`. */
export function gitChildEnv(base: GitEnv, gitVars: GitEnv = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !isRepositoryVariable(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(gitVars)) {
    if (value !== undefined) env[name] = value;
  }
  return env;
}

export interface GitRunOptions {
  readonly cwd?: string;
  /** The environment, less its repository variables; default: hdev's own. */
  readonly env?: GitEnv;
  /** Repository variables to set (the quarantine of a hook). */
  readonly gitVars?: GitEnv;
}

const GIT_RUN_LIMIT_MS = 60_000;

/** Runs `git ARGS`; a non-zero exit is a result, a missing git is an HdevError. */
export function runGit(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        env: gitChildEnv(options.env ?? process.env, options.gitVars),
        encoding: 'utf8',
        timeout: GIT_RUN_LIMIT_MS,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error !== null && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(gitMissing());
          return;
        }
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ exitCode: code, stdout, stderr });
      },
    );
  });
}

/** Like runGit, but a failure is an HdevError carrying git's own message. */
export async function runGitOrFail(
  args: readonly string[],
  options: GitRunOptions = {},
): Promise<string> {
  const result = await runGit(args, options);
  if (result.exitCode !== 0) {
    throw new HdevError(
      `git ${args.join(' ')} failed: ${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
  return result.stdout;
}

function gitMissing(): HdevError {
  return new HdevError('git is not installed (no `git` on the PATH)', {
    hint: 'Install git (https://git-scm.com/downloads, or your package manager’s `git` package), then run the command again.',
  });
}

/**
 * Whether the commit is in the repository. Inside a pre-receive hook the pushed objects are still
 * in git's quarantine directory: only `gitEnv`'s quarantine variables make them visible.
 */
export async function commitExists(
  gitDir: string,
  commit: string,
  gitEnv: GitEnv,
): Promise<boolean> {
  const result = await runGit(['--git-dir', gitDir, 'cat-file', '-e', `${commit}^{commit}`], {
    gitVars: quarantineEnv(gitEnv),
  });
  return result.exitCode === 0;
}
