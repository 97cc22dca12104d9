// Heroku's dyno lifecycle: up only once PORT is bound, R10, crash restart with cool-off.
import { describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HdevProcess } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';

function timeOf(line: string): number {
  const match = /^(\S+) /.exec(line);
  return Date.parse(match?.[1] ?? '');
}

describe('hdev start: dyno lifecycle', () => {
  it('marks a web dyno up only once it accepts connections on PORT', async () => {
    const app = makeApp({ Procfile: `web: node ${fixture('web-server.mjs')}\n` });
    const hdev = new HdevProcess(
      ['start', '-p', String(await freeBasePort()), '--format', 'heroku'],
      {
        cwd: app,
        env: { BIND_DELAY_MS: '700' },
      },
    );
    await hdev.waitForLine(/heroku\[web\.1\]: State changed from starting to up/);
    // The app's own line comes through its stdout pipe, which may be read after hdev saw the
    // port open: wait for it too.
    await hdev.waitForLine(/READY dyno=web\.1/);
    const lines = hdev.lines();
    const starting = lines.findIndex((line) => line.includes('Starting process with command'));
    const ready = lines.findIndex((line) => line.includes('READY dyno=web.1'));
    const up = lines.findIndex((line) => line.includes('State changed from starting to up'));
    expect(starting).toBeGreaterThanOrEqual(0);
    expect(ready).toBeGreaterThan(starting);
    expect(timeOf(lines[up] ?? '') - timeOf(lines[starting] ?? '')).toBeGreaterThanOrEqual(600);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });

  it('R10: kills a web dyno that does not bind PORT within the boot timeout, and counts it crashed', async () => {
    const app = makeApp({ Procfile: `web: node -e 'setInterval(() => {}, 1000)'\n` });
    const hdev = new HdevProcess(
      ['start', '-p', String(await freeBasePort()), '--boot-timeout', '0.5', '--format', 'heroku'],
      { cwd: app },
    );
    await hdev.waitForLine(
      /heroku\[web\.1\]: Error R10 \(Boot timeout\) -> Web process failed to bind to \$PORT within 0\.5 seconds of launch/,
    );
    await hdev.waitForLine(/heroku\[web\.1\]: Stopping process with SIGKILL/);
    await hdev.waitForLine(/heroku\[web\.1\]: Process exited with status 137/);
    await hdev.waitForLine(/heroku\[web\.1\]: State changed from starting to crashed/);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });

  it('restarts a crashed dyno at once the first time, then after a cool-off; exit 0 is a crash too', async () => {
    const app = makeApp({ Procfile: `worker: echo working; exit 0\n` });
    const hdev = new HdevProcess(
      ['start', '-p', String(await freeBasePort()), '--format', 'heroku'],
      { cwd: app },
    );
    const startLine = /heroku\[worker\.1\]: Starting process with command `echo working; exit 0`/;
    const starts = await hdev.waitForLines(startLine, 3, 30_000);
    const lines = hdev.lines();
    expect(
      lines.some((line) => line.includes('heroku[worker.1]: Process exited with status 0')),
    ).toBe(true);
    expect(lines.some((line) => line.includes('State changed from up to crashed'))).toBe(true);
    expect(lines.some((line) => line.includes('State changed from crashed to starting'))).toBe(
      true,
    );
    // The first restart is immediate, the second waits out a 2 s cool-off. How soon the first
    // one comes is the fake-clock tests' business (test/unit/supervisor/dyno.test.ts): here
    // only the order, and the cool-off's lower bound, which load can only lengthen.
    const startIndexes = lines.flatMap((line, index) => (startLine.test(line) ? [index] : []));
    const coolOff = lines.findIndex((line) => /restarting in 2 seconds \(cool-off\)/.test(line));
    expect(coolOff).toBeGreaterThan(startIndexes[1] ?? Infinity);
    expect(coolOff).toBeLessThan(startIndexes[2] ?? -1);
    const [, second, third] = starts.map(timeOf);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(1_900);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });

  it('--exit-on-crash stops every dyno and exits with the crashed dyno’s status', async () => {
    const app = makeApp({
      Procfile: `web: node ${fixture('web-server.mjs')}\nworker: sleep 1; exit 3\n`,
    });
    const hdev = new HdevProcess(['start', '-p', String(await freeBasePort()), '--exit-on-crash'], {
      cwd: app,
    });
    const { code } = await hdev.waitForExit();
    expect(code).toBe(3);
    expect(hdev.stdout).toMatch(/web\.1 +\| Stopping all processes with SIGTERM/);
    hdev.expectNoSurvivors();
  });

  it('a command that does not exist is the dyno’s crash (127), not hdev’s', async () => {
    const app = makeApp({ Procfile: `worker: no-such-command-hdev\n` });
    const hdev = new HdevProcess(['start', '-p', String(await freeBasePort()), '--exit-on-crash'], {
      cwd: app,
    });
    const { code } = await hdev.waitForExit();
    expect(code).toBe(127);
    expect(hdev.stdout).toMatch(/worker\.1 +\| .*no-such-command-hdev: command not found/);
    expect(hdev.stdout).toMatch(/worker\.1 +\| Process exited with status 127/);
    hdev.expectNoSurvivors();
  });
});
