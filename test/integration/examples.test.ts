// The apps in examples/ run unmodified under `hdev start` and answer through the router.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HdevProcess } from '../helpers/hdev.js';
import { get } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the example in a temp dir, so the run leaves nothing in the repository. */
function copyExample(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hdev-example-${name}-`));
  copies.push(dir);
  cpSync(new URL(`../../examples/${name}`, import.meta.url).pathname, dir, { recursive: true });
  return dir;
}

async function serves(name: string, body: RegExp): Promise<HdevProcess> {
  const app = copyExample(name);
  const port = await freeBasePort();
  const hdev = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app });
  await hdev.waitForLine(/web\.1 +\| State changed from starting to up/, 30_000);
  let last = '';
  await waitFor(
    async () => {
      const reply = await get(port, '/');
      last = `${reply.status} ${reply.body}`;
      return reply.status === 200 && body.test(reply.body) ? reply : undefined;
    },
    { timeoutMs: 15_000, describe: () => `a 200 through the router; last: ${last}` },
  );
  return hdev;
}

async function stop(hdev: HdevProcess): Promise<void> {
  hdev.signal('SIGTERM');
  await hdev.waitForExit();
  hdev.expectNoSurvivors();
}

describe('examples', () => {
  it('node-no-procfile: runs `web: npm start` and says so', async () => {
    const hdev = await serves('node-no-procfile', /Hello from web\.1/);
    expect(hdev.stderr).toContain(
      "hdev: no Procfile: using the Node.js buildpack's default process type `web: npm start`",
    );
    expect(hdev.stdout).toMatch(/web\.1 +\| Starting process with command `npm start`/);
    await stop(hdev);
  });

  it('python-wsgi: a standard-library WSGI app answers 200', async () => {
    const hdev = await serves('python-wsgi', /Hello from web\.1 \(Python WSGI\)/);
    await stop(hdev);
  });
});
