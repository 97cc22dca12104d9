// Where a web dyno listens: the router reaches it on whichever loopback address it bound, and
// hdev says at once what would fail on Heroku (loopback only, another port than $PORT).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HdevProcess } from '../helpers/hdev.js';
import { get } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const WEB = `web: node ${fixture('router-app.mjs')}`;

async function start(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ hdev: HdevProcess; port: number }> {
  const port = await freeBasePort();
  const app = makeApp({ Procfile: `${WEB}\n` });
  const hdev = new HdevProcess(['start', '-p', String(port), ...args], { cwd: app, env });
  await waitFor(() => hdev.stderr.includes('routes to the web dynos'), {
    describe: () => `the router to listen\n${hdev.stderr}`,
  });
  return { hdev, port };
}

async function stop(hdev: HdevProcess): Promise<void> {
  hdev.signal('SIGTERM');
  await hdev.waitForExit();
  hdev.expectNoSurvivors();
}

const UP = /web\.1 +\| State changed from starting to up/;

describe('dyno binding', () => {
  it('routes to a web dyno that listens on ::1 only, and warns that Heroku needs all interfaces', async () => {
    const { hdev, port } = await start({ BIND_HOST: '::1' });
    await hdev.waitForLine(UP);
    const reply = await get(port, '/');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('web.1\n');
    await hdev.waitForLine(
      new RegExp(
        `web\\.1 +\\| web\\.1 listens on \\[::1\\]:${port + 1} only; on Heroku a web dyno must bind 0\\.0\\.0\\.0 \\(all interfaces\\) or it fails with R10`,
      ),
    );
    await stop(hdev);
  });

  it('warns once about a web dyno on 127.0.0.1 only, and not about one on every interface', async () => {
    const { hdev, port } = await start({ BIND_HOST: '127.0.0.1' });
    await hdev.waitForLine(UP);
    expect((await get(port, '/')).status).toBe(200);
    await hdev.waitForLine(/web\.1 listens on 127\.0\.0\.1:\d+ only; on Heroku/);
    await stop(hdev);
    expect(hdev.lines().filter((line) => line.includes('listens on 127.0.0.1')).length).toBe(1);

    const everywhere = await start({});
    await everywhere.hdev.waitForLine(UP);
    expect((await get(everywhere.port, '/')).status).toBe(200);
    await stop(everywhere.hdev);
    expect(everywhere.hdev.stdout).not.toContain('only; on Heroku');
  });

  it('says within 2 s that a web dyno listens on another port than $PORT, and still gives R10', async () => {
    const wrong = await freeBasePort(1);
    const { hdev, port } = await start({ LISTEN_PORT: String(wrong) }, ['--boot-timeout', '4']);
    const started = Date.now();
    await hdev.waitForLine(/web\.1 +\| Starting process/);
    await hdev.waitForLine(
      new RegExp(
        `web\\.1 is listening on ${wrong}, not on \\$PORT \\(${port + 1}\\); on Heroku this fails with R10 after 4 s`,
      ),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    await hdev.waitForLine(/web\.1 +\| Error R10 \(Boot timeout\)/);
    await stop(hdev);
  });
});

function httpsHeaders(port: number, ca: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', servername: 'localhost', port, path: '/headers', ca, agent: false },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolve((JSON.parse(body) as { headers: Record<string, string> }).headers),
        );
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('https request timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS through hdev start', () => {
  it('serves the app over verified TLS with X-Forwarded-Proto https, reusing the certificate', async () => {
    const dataHome = mkdtempSync(join(tmpdir(), 'hdev-data-'));
    try {
      const certPath = join(dataHome, 'hdev', 'localhost-cert.pem');
      const first = await start({ XDG_DATA_HOME: dataHome });
      const note = `https://localhost:${first.port} serves the same over HTTPS, certificate ${certPath}`;
      await waitFor(() => first.hdev.stderr.includes(note), { describe: () => first.hdev.stderr });
      await first.hdev.waitForLine(UP);
      await waitFor(() => existsSync(certPath), { describe: () => `${certPath} to be made` });
      const ca = readFileSync(certPath, 'utf8');
      const headers = await httpsHeaders(first.port, ca);
      expect(headers['x-forwarded-proto']).toBe('https');
      expect(headers['x-forwarded-port']).toBe(String(first.port));
      const plain = JSON.parse((await get(first.port, '/headers')).body) as {
        headers: Record<string, string>;
      };
      expect(plain.headers['x-forwarded-proto']).toBe('http');
      await first.hdev.waitForLine(
        /router +\| at=info method=GET path="\/headers" .* protocol=https$/,
      );
      await stop(first.hdev);

      const second = await start({ XDG_DATA_HOME: dataHome });
      await second.hdev.waitForLine(UP);
      expect((await httpsHeaders(second.port, ca))['x-forwarded-proto']).toBe('https');
      expect(readFileSync(certPath, 'utf8')).toBe(ca);
      await stop(second.hdev);
    } finally {
      rmSync(dataHome, { recursive: true, force: true });
    }
  });
});
