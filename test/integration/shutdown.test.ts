// Shutdown as Heroku does it: SIGTERM to every process of every dyno, R12 and SIGKILL after the
// grace period, and nothing left behind, grandchildren included.
import { describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HdevProcess } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { isAlive } from '../helpers/processes.js';

describe('hdev start: shutdown', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    'stops every dyno and their children on %s',
    async (signal) => {
      const app = makeApp({
        Procfile: [
          `shell: sh -c 'sleep 300 & sleep 300 & echo READY shell; wait'`,
          `bashbg: sleep 301 & sleep 302`,
          `nodetree: node ${fixture('node-parent.mjs')}`,
          `web: node ${fixture('web-server.mjs')}`,
        ].join('\n'),
      });
      const hdev = new HdevProcess(['start', '-p', String(await freeBasePort())], { cwd: app });
      await hdev.waitForLine(/READY shell/);
      const parentLine = await hdev.waitForLine(/READY parent=\d+ child=\d+/);
      await hdev.waitForLine(/child up/);
      await hdev.waitForLine(/web\.1 +\| State changed from starting to up/);
      const childPid = Number(/child=(\d+)/.exec(parentLine)?.[1]);
      expect(isAlive(childPid)).toBe(true);
      hdev.tracker.sample();
      const started = Date.now();
      hdev.signal(signal);
      const { code } = await hdev.waitForExit();
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(hdev.stdout).toMatch(/web\.1 +\| State changed from up to down/);
      expect(hdev.stdout).toMatch(/web\.1 +\| Stopping all processes with SIGTERM/);
      expect(hdev.stdout).toMatch(/web\.1 +\| Process exited with status 0/);
      expect(hdev.stdout).toMatch(/nodetree\.1 +\| Process exited with status 143/);
      expect(isAlive(childPid)).toBe(false);
      expect(hdev.tracker.seen.size).toBeGreaterThanOrEqual(8);
      hdev.expectNoSurvivors();
    },
  );

  it('R12: SIGKILLs a dyno that ignores SIGTERM after --timeout', async () => {
    const app = makeApp({ Procfile: `stubborn: node ${fixture('ignore-sigterm.mjs')}\n` });
    const hdev = new HdevProcess(
      ['start', '-p', String(await freeBasePort()), '-t', '0.5', '--format', 'heroku'],
      { cwd: app },
    );
    await hdev.waitForLine(/READY ignoring SIGTERM/);
    hdev.signal('SIGINT');
    await hdev.waitForExit();
    const lines = hdev.lines().map((line) => line.replace(/^\S+ /, ''));
    const order = [
      'heroku[stubborn.1]: Stopping all processes with SIGTERM',
      'app[stubborn.1]: ignoring SIGTERM',
      'heroku[stubborn.1]: Error R12 (Exit timeout) -> Process failed to exit within 0.5 seconds of SIGTERM',
      'heroku[stubborn.1]: Stopping process with SIGKILL',
      'heroku[stubborn.1]: Process exited with status 137',
    ].map((expected) => lines.indexOf(expected));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    hdev.expectNoSurvivors();
  });

  it('a second Ctrl-C kills at once, without waiting for the grace period', async () => {
    const app = makeApp({ Procfile: `stubborn: node ${fixture('ignore-sigterm.mjs')}\n` });
    const hdev = new HdevProcess(['start', '-p', String(await freeBasePort()), '-t', '30'], {
      cwd: app,
    });
    await hdev.waitForLine(/READY ignoring SIGTERM/);
    hdev.signal('SIGINT');
    await hdev.waitForLine(/Stopping all processes with SIGTERM/);
    const started = Date.now();
    hdev.signal('SIGINT');
    const { code } = await hdev.waitForExit(10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(code).toBe(130);
    expect(hdev.stdout).not.toMatch(/R12/);
    hdev.expectNoSurvivors();
  });
});
