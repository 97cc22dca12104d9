// PORT, DYNO and config vars reach every dyno; formation chooses the dynos.
import { describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HdevProcess } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';

const PRINT_ENV = `node -e 'console.log("ENV dyno=" + process.env.DYNO + " port=" + process.env.PORT + " greeting=" + process.env.GREETING + " shell=" + process.env.FROM_SHELL + " both=" + process.env.BOTH); setInterval(() => {}, 1000)'`;

describe('hdev start: dyno environment', () => {
  it('gives every dyno its DYNO, its own PORT, the config vars over the shell env', async () => {
    const app = makeApp({
      Procfile: `web: node ${fixture('web-server.mjs')}\nworker: ${PRINT_ENV}\n`,
      '.env': 'GREETING="hi there"\nBOTH=from-env-file\n',
    });
    const base = await freeBasePort();
    const hdev = new HdevProcess(['start', 'web=2,worker=1', '-p', String(base), '--no-router'], {
      cwd: app,
      env: { FROM_SHELL: 'yes', BOTH: 'from-shell' },
    });
    const ready = await hdev.waitForLines(/READY dyno=web\.\d/, 2);
    const worker = await hdev.waitForLine(/ENV dyno=worker\.1/);
    const webPorts = ready.map((line) => /port=(\d+)/.exec(line)?.[1]).sort();
    expect(webPorts).toEqual([String(base), String(base + 1)]);
    expect(ready.every((line) => line.includes('greeting=hi there'))).toBe(true);
    expect(worker).toContain(`port=${base + 100}`); // +100 for the second process type
    expect(worker).toContain('shell=yes');
    expect(worker).toContain('both=from-env-file'); // config vars win over the shell
    await hdev.waitForLines(/web\.\d +\| State changed from starting to up/, 2);
    hdev.signal('SIGINT');
    expect((await hdev.waitForExit()).code).toBe(0);
    hdev.expectNoSurvivors();
  });

  it('skips a port that is already in use', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    const base = await freeBasePort();
    await new Promise<void>((resolve) => blocker.listen(base, resolve));
    try {
      const app = makeApp({ Procfile: `web: node ${fixture('web-server.mjs')}\n` });
      const hdev = new HdevProcess(['start', '-p', String(base), '--no-router'], { cwd: app });
      const ready = await hdev.waitForLine(/READY dyno=web\.1/);
      expect(ready).toContain(`port=${base + 1}`);
      hdev.signal('SIGTERM');
      await hdev.waitForExit();
      hdev.expectNoSurvivors();
    } finally {
      blocker.close();
    }
  });

  it('reads several env files in order, later files winning, with ${VAR} expansion', async () => {
    const app = makeApp({
      Procfile: `worker: ${PRINT_ENV}\n`,
      'a.env': 'GREETING=first\nBOTH=a\n',
      'b.env': 'GREETING="${BOTH} then second"\n',
    });
    const hdev = new HdevProcess(
      ['start', '-e', 'a.env,b.env', '-p', String(await freeBasePort())],
      { cwd: app },
    );
    const line = await hdev.waitForLine(/ENV dyno=worker\.1/);
    expect(line).toContain('greeting=a then second');
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });
});
