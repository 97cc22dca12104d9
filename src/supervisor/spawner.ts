// The spawner seam: the only place hdev starts an OS process.
//
// Built on node:child_process rather than execa: execa costs ~150 ms to import on a small
// machine, more than a whole peer tool takes to start 20 processes, and a dyno needs none of its
// buffering or encoding features, only a shell, a process group and streams.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { exitStatus } from '../domain/exit-status.js';
import { withDynoStartup } from './dyno-startup-file.js';
import { findShell } from './shell.js';

export interface SpawnRequest {
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /**
   * `pipe`: a dyno run by `hdev start`, in its own process group (its own session), output read
   * by hdev. `inherit`: a one-off attached to the terminal, left in the terminal's foreground
   * group so Ctrl-C and the keyboard reach it directly.
   */
  readonly stdio: 'pipe' | 'inherit';
}

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Heroku's `Process exited with status N`: the code, or 128 + signal number. */
  readonly status: number;
  /** Set when the process could not be started at all (the shell is missing, cwd is gone). */
  readonly spawnError?: Error;
}

export interface ChildHandle {
  /** Undefined only when the spawn failed; `exited` then resolves at once with spawnError. */
  readonly pid: number | undefined;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Resolves when the direct child has exited (its descendants may live on). */
  readonly exited: Promise<ChildExit>;
}

export type Spawner = (request: SpawnRequest) => ChildHandle;

/** Exit status a shell reports for a command it cannot find or run. */
const COMMAND_NOT_FOUND = 127;

export const spawnDynoProcess: Spawner = (request) => {
  const child = spawn(findShell(request.env.PATH), ['-c', request.command], {
    cwd: request.cwd,
    // Heroku sources .profile.d/*.sh and .profile before every dyno's command.
    env: withDynoStartup(request.env, request.cwd),
    // A detached child is a session and process group leader: hdev can signal the whole dyno
    // (Heroku signals every process in the dyno), and the terminal's Ctrl-C reaches hdev only.
    detached: request.stdio === 'pipe',
    stdio: request.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal, status: exitStatus(code, signal) });
    });
    child.once('error', (error) => {
      // 'error' without 'exit' means the process never started.
      if (child.pid === undefined) {
        resolve({
          code: COMMAND_NOT_FOUND,
          signal: null,
          status: COMMAND_NOT_FOUND,
          spawnError: error,
        });
      }
    });
  });
  return { pid: child.pid, stdout: child.stdout, stderr: child.stderr, exited };
};
