// PTY dynos (`hdev start --pty`): each dyno's command runs in a pseudo-terminal, so it sees a
// terminal as it would in your shell: colours, line-buffered output, debuggers that wait for
// input (pdb, byebug). Its output reaches the log bus cleaned of terminal control sequences,
// and `hdev attach web.1` types into it (overmind's attach, without tmux).
//
// Differs from a piped dyno: a terminal has one output, so stdout and stderr arrive as one
// stream; and a terminal turns `\n` into `\r\n`, which the line splitter reads as one line end.
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { PassThrough } from 'node:stream';
import type { IPty } from '@lydell/node-pty';
import { exitStatus } from '../domain/exit-status.js';
import { TerminalCleaner } from '../logs/terminal-cleaner.js';
import { withDynoStartup } from './dyno-startup-file.js';
import { findShell } from './shell.js';
import type { ChildExit, ChildHandle, Spawner } from './spawner.js';

/** One dyno's terminal, for `hdev attach`. */
export interface PtyAttachment {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Raw terminal output (escape sequences included) from now on; returns the unsubscribe. */
  onData(listener: (data: string) => void): () => void;
  /** Called once when the dyno's process exits (a restart makes a new attachment). */
  onExit(listener: () => void): () => void;
}

export interface PtySpawner {
  readonly spawner: Spawner;
  /** The running PTY of a dyno (`web.1`), if it has one. */
  attach(dyno: string): PtyAttachment | undefined;
}

/** The size a PTY dyno starts with: Heroku's 80×24 console. */
const DEFAULT_SIZE = { cols: 80, rows: 24 };

function signalName(signal: number | undefined): NodeJS.Signals | null {
  if (signal === undefined || signal === 0) return null;
  const entry = Object.entries(constants.signals).find(([, number]) => number === signal);
  return entry === undefined ? null : (entry[0] as NodeJS.Signals);
}

export function createPtySpawner(): PtySpawner {
  // node-pty is a native addon, loaded only when a PTY dyno starts.
  const pty = createRequire(import.meta.url)(
    '@lydell/node-pty',
  ) as typeof import('@lydell/node-pty');
  const terminals = new Map<string, { child: IPty; exits: Set<() => void> }>();

  const spawner: Spawner = (request) => {
    const dyno = request.env.DYNO ?? '';
    let child: IPty;
    try {
      child = pty.spawn(findShell(request.env.PATH), ['-c', request.command], {
        name: 'xterm-256color',
        ...DEFAULT_SIZE,
        cwd: request.cwd,
        env: { TERM: 'xterm-256color', ...withDynoStartup(request.env, request.cwd) },
      });
    } catch (error) {
      const spawnError = error instanceof Error ? error : new Error(String(error));
      return {
        pid: undefined,
        stdout: null,
        stderr: null,
        exited: Promise.resolve({ code: 127, signal: null, status: 127, spawnError }),
      };
    }
    const stdout = new PassThrough();
    const cleaner = new TerminalCleaner();
    child.onData((data) => {
      const text = cleaner.clean(data);
      if (text !== '') stdout.write(text);
    });
    const entry = { child, exits: new Set<() => void>() };
    terminals.set(dyno, entry);
    const exited = new Promise<ChildExit>((resolve) => {
      child.onExit(({ exitCode, signal }) => {
        if (terminals.get(dyno) === entry) terminals.delete(dyno);
        for (const listener of entry.exits) listener();
        const rest = cleaner.flush();
        stdout.end(rest === '' ? undefined : rest);
        const name = signalName(signal);
        resolve({
          code: name === null ? exitCode : null,
          signal: name,
          status: exitStatus(name === null ? exitCode : null, name),
        });
      });
    });
    const handle: ChildHandle = { pid: child.pid, stdout, stderr: null, exited };
    return handle;
  };

  return {
    spawner,
    attach(dyno) {
      const entry = terminals.get(dyno);
      if (entry === undefined) return undefined;
      const { child, exits } = entry;
      return {
        write: (data) => child.write(data),
        resize: (cols, rows) => child.resize(cols, rows),
        onData(listener) {
          const subscription = child.onData(listener);
          return () => subscription.dispose();
        },
        onExit(listener) {
          exits.add(listener);
          return () => exits.delete(listener);
        },
      };
    },
  };
}
