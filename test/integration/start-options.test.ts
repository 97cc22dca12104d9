// Start options that cannot work are refused up front: a message saying what is allowed, exit 2,
// nothing printed on stdout and nothing left running.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HdevProcess } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';

const PROCFILE = `web: node ${fixture('web-server.mjs')}\nworker: node ${fixture('ticker.mjs')}\n`;

/** Runs `hdev start` with `args` and expects it to refuse them: exit 2, no dyno, no output. */
async function expectRefused(args: readonly string[], procfile = PROCFILE): Promise<string> {
  const app = makeApp({ Procfile: procfile });
  const hdev = new HdevProcess(['start', '--no-watch', ...args], { cwd: app });
  const exit = await hdev.waitForExit();
  expect(exit.code, hdev.stderr).toBe(2);
  expect(hdev.stdout).toBe('');
  expect(hdev.stderr).not.toMatch(/routes to|internal error|\n\s+at /);
  hdev.expectNoSurvivors();
  return hdev.stderr;
}

const listening: Server[] = [];
afterEach(async () => {
  for (const server of listening.splice(0)) await new Promise((done) => server.close(done));
});

describe('hdev start: timeouts a timer cannot hold', () => {
  it.each([
    ['--router-timeout', '9999999'],
    ['--boot-timeout', '99999999999'],
    ['-t', '1e400'],
    ['--timeout', 'Infinity'],
    ['--router-idle-timeout', 'NaN'],
    ['--router-queue-timeout', '-1'],
    ['--router-timeout', '0.0001'],
  ])('%s %s is refused with the allowed range', async (flag, value) => {
    const stderr = await expectRefused([flag, value, '-p', String(await freeBasePort())]);
    expect(stderr).toContain(`must be a number of seconds from 0.001 to 2147483, not "${value}"`);
  });
});

describe('hdev start: ports and addresses that cannot work', () => {
  it('refuses a base port that leaves the dynos no room below 65536', async () => {
    const stderr = await expectRefused(['-p', '65535']);
    expect(stderr).toContain(
      '--port: base port 65535 leaves no room for the dynos: worker.1 would get port 65636',
    );
    expect(stderr).toMatch(/Pass -p 65434 or lower/);
  });

  it('refuses --host with an address that is not one of this machine', async () => {
    const port = await freeBasePort();
    const stderr = await expectRefused(['--host', '192.0.2.1', '-p', String(port)]);
    expect(stderr).toContain(
      `The router cannot listen on 192.0.2.1:${port}: 192.0.2.1 is not an address of this machine`,
    );
    expect(stderr).not.toMatch(/Something else uses that port/);
  });

  it('still blames a busy router port on the port', async () => {
    const port = await freeBasePort();
    const busy = createServer();
    listening.push(busy);
    await new Promise<void>((done) => busy.listen({ port, host: '127.0.0.1' }, done));
    const stderr = await expectRefused(['-p', String(port)]);
    expect(stderr).toContain(`The router cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
    expect(stderr).toContain('Something else uses that port');
  });
});

describe('hdev start: the router line', () => {
  it('does not claim to route to web dynos when the Procfile has no web type', async () => {
    const app = makeApp({ Procfile: `worker: node ${fixture('ticker.mjs')}\n` });
    const port = await freeBasePort();
    const hdev = new HdevProcess(['start', '--no-watch', '-p', String(port)], { cwd: app });
    await hdev.waitForLine(/worker\.1 +\| tick 1/);
    expect(hdev.stderr).toContain(
      `hdev: http://localhost:${port} answers H14 (no web dynos running): the Procfile has no web process type`,
    );
    expect(hdev.stderr).not.toMatch(/routes to the web dynos/);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });
});
