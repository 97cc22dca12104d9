// Processes that leave a dyno's process group with setsid, and whose parent has exited (so they
// descend from nobody hdev knows), still belong to the dyno: they stop with it, whatever stops it.
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

/**
 * A daemon started the classic way: a subshell starts it in a new session and exits at once,
 * so the daemon is in no group of the dyno and its parent is init. It prints its pid.
 */
const DAEMON = `(setsid sh -c 'echo ESCAPED=$$; exec sleep 300' &)`;
/** The same, ignoring SIGTERM: only SIGKILL at the end of the grace period ends it. */
const STUBBORN_DAEMON = `(setsid sh -c 'trap "" TERM; echo ESCAPED=$$; while :; do sleep 1; done' &)`;

function escapedPids(hdev: HdevProcess): number[] {
  return [...hdev.stdout.matchAll(/ESCAPED=(\d+)/g)].map((match) => Number(match[1]));
}

async function startWith(
  procfile: string,
  extra: string[] = [],
): Promise<{ hdev: HdevProcess; app: string }> {
  const app = makeApp({ Procfile: procfile });
  const hdev = new HdevProcess(
    ['start', '--no-router', '--no-watch', '-p', String(await freeBasePort()), ...extra],
    { cwd: app },
  );
  await hdev.waitForLine(/ESCAPED=\d+/);
  return { hdev, app };
}

function waitForDeath(pid: number, what: string, timeoutMs = 10_000): Promise<true> {
  return waitFor(() => !isAlive(pid), { timeoutMs, describe: () => `${what} (pid ${pid}) to die` });
}

describe('processes that left the dyno with setsid', () => {
  it('die with the dyno on hdev stop', async () => {
    const { hdev, app } = await startWith(`daemon: ${DAEMON}; exec sleep 1000\n`);
    const [escaped = -1] = escapedPids(hdev);
    expect(isAlive(escaped)).toBe(true);
    const stop = await runHdev(['stop', 'daemon.1'], { cwd: app });
    expect(stop.exitCode, String(stop.stderr)).toBe(0);
    // `hdev stop` returns once the dyno is stopped: its escaped daemon is gone by then.
    expect(isAlive(escaped)).toBe(false);
    hdev.signal('SIGINT');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });

  it('die with the dyno on hdev restart, and the new one runs', async () => {
    const { hdev, app } = await startWith(`daemon: ${DAEMON}; exec sleep 1000\n`);
    const [first = -1] = escapedPids(hdev);
    const restart = await runHdev(['restart', 'daemon'], { cwd: app });
    expect(restart.exitCode, String(restart.stderr)).toBe(0);
    expect(isAlive(first)).toBe(false);
    await waitFor(() => escapedPids(hdev).length >= 2 || undefined, {
      describe: () => `the restarted dyno's daemon\n${hdev.stdout}`,
    });
    const second = escapedPids(hdev)[1] ?? -1;
    expect(isAlive(second)).toBe(true);
    hdev.signal('SIGINT');
    await hdev.waitForExit();
    expect(isAlive(second)).toBe(false);
    hdev.expectNoSurvivors();
  });

  it.each(['SIGHUP', 'SIGTERM', 'SIGINT'] as const)('die when hdev gets %s', async (signal) => {
    const { hdev } = await startWith(`daemon: ${DAEMON}; exec sleep 1000\n`);
    const [escaped = -1] = escapedPids(hdev);
    hdev.signal(signal);
    const { code } = await hdev.waitForExit();
    expect(code).toBe(0);
    expect(isAlive(escaped)).toBe(false);
    hdev.expectNoSurvivors();
  });

  it('do not pile up when a dyno crashes and restarts', async () => {
    const { hdev } = await startWith(`crashy: ${DAEMON}; sleep 0.2; exit 3\n`);
    // The first crash restarts at once; each incarnation's daemon dies with it.
    await waitFor(() => escapedPids(hdev).length >= 2 || undefined, {
      describe: () => `a restarted dyno\n${hdev.stdout}`,
    });
    const [first = -1] = escapedPids(hdev);
    await waitForDeath(first, 'the daemon of the crashed dyno');
    hdev.signal('SIGINT');
    await hdev.waitForExit();
    for (const pid of escapedPids(hdev)) expect(isAlive(pid), `daemon ${pid}`).toBe(false);
    hdev.expectNoSurvivors();
  });

  it('get SIGKILL at the end of the grace period when they ignore SIGTERM', async () => {
    const { hdev } = await startWith(`daemon: ${STUBBORN_DAEMON}; exec sleep 1000\n`, [
      '-t',
      '0.5',
    ]);
    const [escaped = -1] = escapedPids(hdev);
    hdev.signal('SIGINT');
    await hdev.waitForExit();
    expect(hdev.stdout).toMatch(/daemon\.1 +\| Error R12 \(Exit timeout\)/);
    expect(isAlive(escaped)).toBe(false);
    hdev.expectNoSurvivors();
  });
});
