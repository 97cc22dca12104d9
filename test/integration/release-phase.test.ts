// Heroku's release phase: `release` runs once, before any dyno, and gates the start.
import { describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HdevProcess } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';

describe('hdev start: release phase', () => {
  it('runs release as release.N before any dyno starts, then boots the formation', async () => {
    const app = makeApp({
      Procfile: `web: node ${fixture('web-server.mjs')}\nrelease: echo migrating as $DYNO\n`,
    });
    const hdev = new HdevProcess(
      ['start', '-p', String(await freeBasePort()), '--format', 'heroku'],
      { cwd: app },
    );
    await hdev.waitForLine(/READY dyno=web\.1/);
    const lines = hdev.lines().map((line) => line.replace(/^\S+ /, ''));
    const migrating = lines.findIndex((line) =>
      /^app\[release\.\d{4}\]: migrating as release\.\d{4}$/.test(line),
    );
    const complete = lines.findIndex((line) =>
      /^heroku\[release\.\d{4}\]: State changed from up to complete$/.test(line),
    );
    const created = lines.indexOf('app[api]: Release v1 created');
    const webStart = lines.findIndex((line) => line.startsWith('heroku[web.1]: Starting process'));
    // The slug's build comes first: Build started, Slug compiled, Build succeeded.
    expect(lines.slice(0, 4)).toEqual([
      'app[api]: Build started',
      'app[api]: Slug compiled: 0.0 MiB (1 file)',
      'app[api]: Build succeeded',
      'app[api]: Running release v1 commands',
    ]);
    expect(migrating).toBeGreaterThan(0);
    expect(complete).toBeGreaterThan(migrating);
    expect(created).toBeGreaterThan(complete);
    expect(webStart).toBeGreaterThan(created);
    expect(
      lines.some((line) => line.startsWith('heroku[release.') && line.includes('crashed')),
    ).toBe(false);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });

  it('a failing release stops hdev start with its output and status, and starts no dyno', async () => {
    const app = makeApp({
      Procfile: `web: node ${fixture('web-server.mjs')}\nrelease: echo migration failed >&2; exit 4\n`,
    });
    const hdev = new HdevProcess(['start', '-p', String(await freeBasePort())], { cwd: app });
    const { code } = await hdev.waitForExit();
    expect(code).toBe(4);
    expect(hdev.stdout).toMatch(/release\.\d{4} \| migration failed/);
    expect(hdev.stdout).toMatch(/release\.\d{4} \| Process exited with status 4/);
    expect(hdev.stdout).toMatch(/api +\| Release v1 failed: release command exited with status 4/);
    expect(hdev.stdout).not.toMatch(/web\.1/);
    expect(hdev.stderr).toMatch(/release phase failed .*status 4.*no dyno was started/);
    hdev.expectNoSurvivors();
  });
});
