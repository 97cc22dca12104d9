// The watchdog script on its own, under /bin/sh (dash on Debian) and bash (/bin/sh elsewhere):
// real processes in their own groups, real /proc, and a real pipe closed as a dead hdev's is.
import type { ChildProcess, ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { processStartTime } from '../../src/control/owner-record.js';
import { DYNO_MARKER_VAR, runNeedle } from '../../src/supervisor/dyno-marker.js';
import {
  WATCHDOG_NAME,
  registrationLine,
  watchdogArgs,
  watchdogEnv,
} from '../../src/supervisor/watchdog.js';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

const RUN_ID = `${process.pid}-0123456789ab`;
const SHELLS = ['/bin/sh', '/bin/bash'].filter((shell) => existsSync(shell));

const started: ChildProcess[] = [];

/** A process in a group of its own; `marked` puts this run's marker in its environment. */
function groupLeader(script: string, marked: boolean): number {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
  if (marked) env[DYNO_MARKER_VAR] = `${RUN_ID}.web.1`;
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore', env });
  started.push(child);
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

function startWatchdogScript(
  shell: string,
  graceMs: number,
): ChildProcessByStdio<Writable, null, null> {
  const args = watchdogArgs({ needle: runNeedle(RUN_ID), graceMs });
  const child = spawn(shell, args, {
    argv0: WATCHDOG_NAME,
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: watchdogEnv(),
  });
  started.push(child);
  return child;
}

async function exitOf(child: ChildProcess, timeoutMs: number): Promise<void> {
  await waitFor(() => child.exitCode !== null || child.signalCode !== null, {
    timeoutMs,
    describe: () => `the watchdog (pid ${child.pid}) to exit`,
  });
}

const SIGTERM_BIT = 1n << 14n; // signal 15, in /proc/PID/status's SigIgn mask

/** Until the process runs `sleep`, or ignores SIGTERM: its set-up is done. */
async function running(pid: number): Promise<void> {
  const ready = (): boolean => {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    const ignored = /SigIgn:\s*([0-9a-f]+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    const ignoresTerm = (BigInt(`0x${ignored?.[1] ?? '0'}`) & SIGTERM_BIT) !== 0n;
    return /^(\/bin\/)?sleep\0/.test(cmdline) || ignoresTerm;
  };
  await waitFor(ready, { timeoutMs: 10_000, describe: () => `process ${pid} to be set up` });
}

afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

describe.each(SHELLS)('the watchdog under %s', (shell) => {
  it('on EOF, stops the registered groups and the marked processes, SIGKILL after the grace', async () => {
    const plain = groupLeader('exec sleep 300', true);
    const stubborn = groupLeader(`trap '' TERM; while :; do sleep 1; done`, true);
    // In no registered group (as a daemon that called setsid), with the marker: the /proc scan.
    const escaped = groupLeader(`trap '' TERM; exec sleep 300`, true);
    // In a registered group, without the marker (it cleared its environment): the group signal.
    const cleared = groupLeader(`exec env -i /bin/sleep 300`, true);
    for (const pid of [plain, stubborn, escaped, cleared]) await running(pid);
    const watchdog = startWatchdogScript(shell, 300);
    for (const pid of [plain, stubborn, cleared])
      watchdog.stdin.write(`${registrationLine(pid, processStartTime(pid))}\n`);
    watchdog.stdin.end();
    await exitOf(watchdog, 10_000);
    for (const pid of [plain, stubborn, escaped, cleared]) expect(isAlive(pid)).toBe(false);
  });

  it("never signals a process that is not the run's", async () => {
    // A registered group whose leader's pid now belongs to another process (the start time
    // differs) and that carries no marker: pid reuse.
    const reused = groupLeader('exec sleep 300', false);
    // Registered, then reported gone: hdev's `-PGID`.
    const unregistered = groupLeader('exec sleep 300', false);
    // Neither registered nor marked.
    const bystander = groupLeader('exec sleep 300', false);
    // The run's: proves the watchdog did act.
    const dyno = groupLeader('exec sleep 300', true);
    for (const pid of [reused, unregistered, bystander, dyno]) await running(pid);
    const watchdog = startWatchdogScript(shell, 300);
    watchdog.stdin.write(`${registrationLine(reused, '1')}\n`);
    watchdog.stdin.write(`${registrationLine(unregistered, processStartTime(unregistered))}\n`);
    watchdog.stdin.write(`${registrationLine(dyno, processStartTime(dyno))}\n`);
    watchdog.stdin.write(`-${unregistered}\n`);
    // A line hdev died in the middle of: never read as a group.
    watchdog.stdin.write(`+${bystander}`);
    watchdog.stdin.end();
    await exitOf(watchdog, 10_000);
    expect(isAlive(dyno)).toBe(false);
    for (const pid of [reused, unregistered, bystander]) expect(isAlive(pid)).toBe(true);
  });
});
