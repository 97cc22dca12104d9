// `kill -9` of `hdev start` runs no handler of hdev's: its watchdog stops the dynos, and if the
// watchdog is gone too, the next `hdev start` in that folder stops what was left before it
// starts its own dynos.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

const PROCFILE = [
  `worker: echo WORKER=$$; exec sleep 1000`,
  `daemon: (setsid sh -c 'echo ESCAPED=$$; exec sleep 300' &); exec sleep 1000`,
  `stubborn: trap '' TERM; echo STUBBORN=$$; while :; do sleep 1; done`,
].join('\n');

function pidOf(hdev: HdevProcess, label: string): number {
  const match = new RegExp(`${label}=(\\d+)`).exec(hdev.stdout);
  return Number(match?.[1] ?? -1);
}

async function startApp(app: string, port: number): Promise<HdevProcess> {
  const hdev = new HdevProcess(
    ['start', '--no-router', '--no-watch', '-t', '1', '-p', String(port)],
    {
      cwd: app,
    },
  );
  for (const label of ['WORKER', 'ESCAPED', 'STUBBORN'])
    await hdev.waitForLine(new RegExp(`${label}=\\d`));
  return hdev;
}

/** The watchdog: hdev's child named hdev-watchdog. */
function watchdogOf(hdevPid: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === hdevPid && cmdline.startsWith('hdev-watchdog')) return Number(entry);
    } catch {
      // exited while we looked
    }
  }
  return -1;
}

/** Spawned once the first dynos are: on a loaded machine, maybe after they printed their lines. */
async function findWatchdog(hdevPid: number): Promise<number> {
  return waitFor(() => (watchdogOf(hdevPid) > 0 ? watchdogOf(hdevPid) : undefined), {
    timeoutMs: 15_000,
    describe: () => `the watchdog of hdev start ${hdevPid}`,
  });
}

/** Resident memory in KiB, from /proc/PID/status. */
function residentKiB(pid: number): number {
  const match = /VmRSS:\s*(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? Number.NaN);
}

const allDead = (pids: readonly number[]): boolean => pids.every((pid) => !isAlive(pid));

describe('hdev start killed with SIGKILL', () => {
  it('its watchdog stops every dyno, escaped daemons included, and then exits', async () => {
    const app = makeApp({ Procfile: PROCFILE });
    const hdev = await startApp(app, await freeBasePort());
    const dynos = ['WORKER', 'ESCAPED', 'STUBBORN'].map((label) => pidOf(hdev, label));
    expect(dynos.every(isAlive)).toBe(true);
    hdev.tracker.sample();
    hdev.signal('SIGKILL');
    await hdev.waitForExit();
    // SIGTERM at once, SIGKILL after -t 1 for the one that ignores it.
    await waitFor(() => allDead(dynos), {
      timeoutMs: 10_000,
      describe: () => `dynos ${dynos.join(', ')} to end`,
    });
    // The watchdog was hdev's child: the orphan check covers it too.
    await waitFor(() => hdev.tracker.survivors().length === 0 || undefined, {
      timeoutMs: 5_000,
      describe: () => `the watchdog to exit: ${hdev.tracker.survivors().join(', ')}`,
    });
    hdev.expectNoSurvivors();
  });

  it('its watchdog is a small process, ended by a clean shutdown', async () => {
    const app = makeApp({ Procfile: PROCFILE });
    const hdev = await startApp(app, await freeBasePort());
    const watchdog = await findWatchdog(hdev.child.pid ?? -1);
    // A shell script, not a second Node process (~40 MiB).
    expect(residentKiB(watchdog)).toBeLessThan(8 * 1024);
    hdev.signal('SIGINT');
    await hdev.waitForExit();
    expect(isAlive(watchdog)).toBe(false);
    hdev.expectNoSurvivors();
  });

  it('the next hdev start stops what a killed one left, and says so', async () => {
    const app = makeApp({ Procfile: PROCFILE });
    const port = await freeBasePort();
    const first = await startApp(app, port);
    const firstPid = first.child.pid ?? -1;
    const watchdog = await findWatchdog(firstPid);
    const leftovers = ['WORKER', 'ESCAPED', 'STUBBORN'].map((label) => pidOf(first, label));
    // Both gone at once, as when a terminal or a container is torn down.
    process.kill(watchdog, 'SIGKILL');
    first.signal('SIGKILL');
    await first.waitForExit();
    expect(leftovers.every(isAlive)).toBe(true);

    const second = await startApp(app, port);
    expect(second.stderr).toMatch(
      new RegExp(
        `stopped [1-9]\\d* process(es)? left running by an earlier hdev start \\(pid ${firstPid}\\) that was killed`,
      ),
    );
    expect(allDead(leftovers)).toBe(true);
    // One worker: the new one, on the port scheme's first ports again.
    expect(pidOf(second, 'WORKER')).not.toBe(pidOf(first, 'WORKER'));
    second.signal('SIGINT');
    await second.waitForExit();
    second.expectNoSurvivors();
    first.tracker.killSurvivors();
  });
});
