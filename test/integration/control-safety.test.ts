// The control socket under hostile or unlucky conditions: a suspended `hdev start` (Ctrl-Z), a
// second `hdev start` for the same app, and a client that lies in a one-off registration.
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev, testEnv, testSocketPath } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

const PROCFILE = `worker: echo WORKER=$$; exec sleep 1000\n`;

async function startApp(app: string): Promise<HdevProcess> {
  const hdev = new HdevProcess(
    ['start', '--no-router', '--no-watch', '-p', String(await freeBasePort())],
    { cwd: app },
  );
  await hdev.waitForLine(/WORKER=\d/);
  return hdev;
}

function socketPathOf(app: string): string {
  return testSocketPath(app);
}

/** A raw client on the app's socket: what it receives, line by line. */
function rawClient(app: string): Promise<{ socket: Socket; received: () => string[] }> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPathOf(app));
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({ socket, received: () => text.split('\n').filter((line) => line !== '') }),
    );
  });
}

describe('a suspended hdev start', () => {
  it('makes clients fail fast with a clear message, and a second start refuse', async () => {
    const app = makeApp({ Procfile: PROCFILE });
    const hdev = await startApp(app);
    const pid = hdev.child.pid ?? -1;
    hdev.signal('SIGSTOP');
    try {
      const started = Date.now();
      const ps = await runHdev(['ps'], {
        cwd: app,
        env: testEnv({ HDEV_CONTROL_TIMEOUT_MS: '500' }),
        timeout: 15_000,
      });
      expect(ps.exitCode).toBe(1);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(String(ps.stderr)).toMatch(
        new RegExp(
          `hdev start \\(pid ${pid}\\) for \\S+ is not answering: is it suspended \\(Ctrl-Z\\)\\?`,
        ),
      );
      expect(String(ps.stderr)).toContain(`Resume it with fg or kill -CONT ${pid}`);

      const second = await runHdev(
        ['start', '--no-router', '--no-watch', '-p', String(await freeBasePort())],
        { cwd: app, timeout: 15_000 },
      );
      expect(second.exitCode).toBe(2);
      expect(String(second.stderr)).toContain(`already running for this app (pid ${pid})`);
      expect(String(second.stdout)).not.toMatch(/Starting process/);
    } finally {
      hdev.signal('SIGCONT');
    }
    // The first one still owns its socket once resumed.
    const ps = await runHdev(['ps', '--json'], { cwd: app });
    expect(ps.exitCode, String(ps.stderr)).toBe(0);
    expect(JSON.parse(String(ps.stdout))).toHaveLength(1);
    hdev.signal('SIGINT');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });
});

describe('one-off registrations', () => {
  it('cannot make hdev stop signal a process hdev did not start', async () => {
    const app = makeApp({ Procfile: PROCFILE });
    const hdev = await startApp(app);
    const victim = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      const victimPid = victim.pid ?? -1;
      const forger = await rawClient(app);
      forger.socket.write(
        `${JSON.stringify({ v: 1, id: 1, command: 'one-off', name: 'run.6666', dynoCommand: 'sleep', pid: victimPid })}\n`,
      );
      await waitFor(() => forger.received().length > 0 || undefined, {
        describe: () => 'the registration to be answered',
      });
      const stop = await runHdev(['stop', 'run.6666'], { cwd: app });
      expect(stop.exitCode, String(stop.stderr)).toBe(0);
      // hdev start asks the registering client to stop its one-off, and signals nothing itself.
      await waitFor(() => forger.received().some((line) => line.includes('"event":"stop"')), {
        describe: () =>
          `the stop request to reach the registering client: ${forger.received().join('\n')}`,
      });
      expect(isAlive(victimPid)).toBe(true);
      forger.socket.destroy();
    } finally {
      victim.kill('SIGKILL');
    }
    hdev.signal('SIGINT');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });
});
