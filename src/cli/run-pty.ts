// `hdev run --pty`: the one-off dyno gets a pseudo-terminal of its own even when hdev's input
// or output is not a terminal (a pipe, CI), as `heroku run` allocates one; on a terminal, the
// keyboard goes to it raw (Ctrl-C included) and the window size follows this terminal's.
import { createRequire } from 'node:module';
import { exitStatus } from '../domain/exit-status.js';
import { findShell } from '../supervisor/shell.js';
import { withDynoStartup } from '../supervisor/dyno-startup-file.js';
import type { ChildExit } from '../supervisor/spawner.js';

export interface PtyRun {
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
}

/** node-pty may report the exit before the last output: wait for a quiet moment (bounded). */
async function outputSettled(lastData: () => number): Promise<void> {
  const deadline = Date.now() + 500;
  while (Date.now() - lastData() < 30 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

export function spawnInPty(request: {
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}): PtyRun {
  const pty = createRequire(import.meta.url)(
    '@lydell/node-pty',
  ) as typeof import('@lydell/node-pty');
  const { stdin, stdout } = process;
  const size = stdout.isTTY ? { cols: stdout.columns, rows: stdout.rows } : { cols: 80, rows: 24 };
  const child = pty.spawn(findShell(request.env.PATH), ['-c', request.command], {
    name: request.env.TERM ?? 'xterm-256color',
    ...size,
    cwd: request.cwd,
    env: withDynoStartup(request.env, request.cwd),
  });
  const raw = stdin.isTTY;
  if (raw) stdin.setRawMode(true);
  const forwardInput = (chunk: Buffer): void => child.write(chunk.toString('utf8'));
  stdin.on('data', forwardInput);
  // End of input is Ctrl-D to a terminal program.
  const endInput = (): void => child.write('\x04');
  stdin.once('end', endInput);
  const resize = (): void => child.resize(stdout.columns, stdout.rows);
  if (stdout.isTTY) stdout.on('resize', resize);
  let lastData = Date.now();
  child.onData((data) => {
    lastData = Date.now();
    stdout.write(data);
  });
  const exited = new Promise<ChildExit>((resolve) => {
    child.onExit(async ({ exitCode, signal }) => {
      await outputSettled(() => lastData);
      stdin.removeListener('data', forwardInput);
      stdin.removeListener('end', endInput);
      stdout.removeListener('resize', resize);
      if (raw) stdin.setRawMode(false);
      stdin.pause();
      const killed = signal !== undefined && signal !== 0;
      resolve({
        code: killed ? null : exitCode,
        signal: null,
        status: killed ? 128 + signal : exitStatus(exitCode, null),
      });
    });
  });
  return { pid: child.pid, exited };
}
