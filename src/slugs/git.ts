// Running git for the slug store: output as bytes (paths come NUL-separated, `-z`, so names with
// spaces, newlines or any UTF-8 survive), an environment of the caller's choosing (a pre-receive
// hook's quarantine variables), and a deadline so a stuck git cannot stall a deploy forever.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export type GitEnv = Readonly<Record<string, string | undefined>>;

export interface GitResult {
  /** `undefined` when git could not be started (not installed). */
  readonly status: number | null | undefined;
  readonly stdout: Buffer;
  readonly stderr: string;
}

const GIT_DEADLINE_MS = 120_000;

/** `process.env` with `overrides` applied; an `undefined` value removes the variable. */
export function gitEnvironment(overrides: GitEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) Reflect.deleteProperty(env, name);
    else env[name] = value;
  }
  return env;
}

function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => stream.on('close', () => resolve(Buffer.concat(chunks))));
}

export function runGit(
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: GitEnv } = {},
): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: gitEnvironment(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: GIT_DEADLINE_MS,
    });
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    child.on('error', () => {
      resolve({ status: undefined, stdout: Buffer.alloc(0), stderr: '' });
    });
    child.on('close', (status) => {
      void Promise.all([stdout, stderr]).then(([out, err]) => {
        resolve({ status, stdout: out, stderr: err.toString('utf8').trim() });
      });
    });
  });
}

/** NUL-terminated records (`-z` output) as strings. */
export function splitNul(output: Buffer): string[] {
  const text = output.toString('utf8');
  return text.split('\0').filter((record) => record !== '');
}
