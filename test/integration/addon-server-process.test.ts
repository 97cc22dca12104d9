// An add-on server that exits before it is ready: hdev says why with the server's own last lines,
// even those it had not read yet when the exit was reported, and leaves nothing of it running.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AddonServerProcess } from '../../src/addons/server-process.js';
import { HdevError } from '../../src/errors.js';
import { LogBus } from '../../src/logs/log-bus.js';
import { systemClock } from '../../src/time/clock.js';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A server whose command is `script` under sh, run in `dir`, a scratch folder of its own. */
function server(script: string): { server: AddonServerProcess; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hdev-server-process-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const groups = new Set<number>();
  const process = new AddonServerProcess(
    { source: 'postgres', label: '[DATABASE]', product: 'PostgreSQL', stopSignal: 'SIGINT' },
    () =>
      Promise.resolve({
        command: 'sh',
        args: ['-c', script],
        cwd: dir,
        env: { PATH: globalThis.process.env.PATH ?? '/usr/bin:/bin' },
        readyLine: /ready to accept connections/,
      }),
    {
      bus: new LogBus(),
      clock: systemClock,
      groups: { add: (pgid) => groups.add(pgid), remove: (pgid) => groups.delete(pgid) },
    },
  );
  cleanups.push(() => process.killSync());
  return { server: process, dir };
}

async function startError(server: AddonServerProcess): Promise<HdevError> {
  const error: unknown = await server.start().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HdevError);
  return error as HdevError;
}

describe('an add-on server that exits before it is ready', () => {
  it('is explained by output that arrives after its exit was reported', async () => {
    // The shell exits at once; what it started writes the cause a moment later, on the same pipe.
    const { server: postgres } = server(
      `(sleep 0.3; echo 'FATAL:  could not write lock file "postmaster.pid": No space left on device' >&2) & exit 1`,
    );
    const error = await startError(postgres);
    expect(error.message).toMatch(/exited with status 1 before it was ready/);
    expect(error.message).toMatch(/No space left on device/);
    expect(error.hint).toMatch(/The disk that holds its data is full/);
    expect(postgres.state).toBe('crashed');
  });

  it('does not wait for ever on output held open, and leaves nothing running', async () => {
    // What the shell started holds the pipe open for a minute: the failure still comes, and the
    // holder is stopped with it.
    const { server: postgres, dir } = server(
      `sleep 60 & echo $! > held.pid; echo 'FATAL:  bad things' >&2; exit 1`,
    );
    const error = await startError(postgres);
    expect(error.message).toMatch(/FATAL: {2}bad things/);
    const held = Number(readFileSync(join(dir, 'held.pid'), 'utf8'));
    expect(held).toBeGreaterThan(0);
    await waitFor(() => !isAlive(held), { timeoutMs: 5000, describe: () => `sleep ${held} gone` });
  });
});
