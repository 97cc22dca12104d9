// `hdev start` prints the dashboard's URL; `hdev dashboard` finds it; --no-dashboard has none.
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const APP = { Procfile: 'tick: node -e \'console.log("up"); setInterval(() => {}, 1000)\'\n' };

describe('hdev dashboard', () => {
  it('prints the URL of the running hdev start, which serves it on loopback', async () => {
    const app = makeApp(APP);
    const hdev = new HdevProcess(
      ['start', '--no-router', '--no-watch', '-p', String(await freeBasePort())],
      { cwd: app },
    );
    const url = await waitFor(() => /dashboard at (\S+)/.exec(hdev.stderr)?.[1], {
      describe: () => `the dashboard's URL\n${hdev.stderr}`,
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    const shown = await runHdev(['dashboard', '--no-open', '-d', app]);
    expect(shown.exitCode).toBe(0);
    expect(String(shown.stdout).trim()).toBe(url);
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(303);

    hdev.signal('SIGINT');
    expect((await hdev.waitForExit()).code).toBe(0);
    hdev.expectNoSurvivors();
    const after = await runHdev(['dashboard', '--no-open', '-d', app]);
    expect(after.exitCode).toBe(1);
  });

  it('has none with --no-dashboard', async () => {
    const app = makeApp(APP);
    const hdev = new HdevProcess(
      ['start', '--no-dashboard', '--no-router', '--no-watch', '-p', String(await freeBasePort())],
      { cwd: app },
    );
    await hdev.waitForLine(/tick\.1 +\| up/);
    const shown = await runHdev(['dashboard', '--no-open', '-d', app]);
    expect(shown.exitCode).toBe(1);
    expect(String(shown.stderr)).toContain('no dashboard is running for this app');
    expect(hdev.stderr).not.toContain('dashboard at');
    hdev.signal('SIGINT');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });
});
