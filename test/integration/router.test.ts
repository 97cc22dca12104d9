// The router in front of web=N: Heroku's random routing, headers, H-codes, streaming, upgrades.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev } from '../helpers/hdev.js';
import { get, upgrade } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const WEB = `web: node ${fixture('router-app.mjs')}`;

async function startApp(
  options: { procfile?: string; args?: string[]; env?: Record<string, string>; web?: number } = {},
): Promise<{ hdev: HdevProcess; port: number }> {
  const port = await freeBasePort();
  const app = makeApp({ Procfile: `${options.procfile ?? WEB}\n` });
  const web = options.web ?? 1;
  const formation = options.procfile === undefined ? [`web=${web}`] : [];
  const hdev = new HdevProcess(
    ['start', ...formation, '-p', String(port), ...(options.args ?? [])],
    {
      cwd: app,
      env: options.env ?? {},
    },
  );
  // With web dynos the line says it routes to them; with no web type, that it answers H14.
  await waitFor(() => /^hdev: http:\/\/\S+ (routes to|answers H14)/m.test(hdev.stderr), {
    describe: () => `the router to listen\n${hdev.stderr}`,
  });
  return { hdev, port };
}

async function waitUp(hdev: HdevProcess, count: number): Promise<void> {
  await hdev.waitForLines(/web\.\d+ +\| State changed from starting to up/, count);
}

async function stop(hdev: HdevProcess): Promise<void> {
  hdev.signal('SIGTERM');
  await hdev.waitForExit();
  hdev.expectNoSurvivors();
}

function routerLine(hdev: HdevProcess, pattern: RegExp): Promise<string> {
  return hdev.waitForLine(new RegExp(`router +\\| .*${pattern.source}`));
}

describe('router: routing and headers', () => {
  it('spreads requests at random over web.1..web.3, and logs each one', async () => {
    const { hdev, port } = await startApp({ web: 3 });
    await waitUp(hdev, 3);
    const served = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const { status, body } = await get(port, '/');
      expect(status).toBe(200);
      served.set(body.trim(), (served.get(body.trim()) ?? 0) + 1);
    }
    expect([...served.keys()].sort()).toEqual(['web.1', 'web.2', 'web.3']);
    const logs = await hdev.waitForLines(
      /router +\| at=info method=GET path="\/" host=127\.0\.0\.1:\d+ request_id=\S+ fwd="127\.0\.0\.1" dyno=web\.\d connect=\d+ms service=\d+ms status=200 bytes=6 protocol=http$/,
      60,
    );
    expect(logs).toHaveLength(60);
    await stop(hdev);
  });

  it('adds Heroku’s headers and returns X-Request-Id', async () => {
    const { hdev, port } = await startApp();
    await waitUp(hdev, 1);
    const before = Date.now();
    const reply = await get(port, '/headers', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const { headers } = JSON.parse(reply.body) as { headers: Record<string, string> };
    expect(headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-port']).toBe(String(port));
    expect(Number(headers['x-request-start'])).toBeGreaterThanOrEqual(before - 1);
    expect(Number(headers['x-request-start'])).toBeLessThanOrEqual(Date.now());
    expect(headers.via).toBe('1.1 heroku-router');
    expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers['x-request-id']).toBe(headers['x-request-id']);

    const kept = 'client-chosen-id-0123456789';
    const echoed = await get(port, '/headers', { headers: { 'x-request-id': kept } });
    expect(
      (JSON.parse(echoed.body) as { headers: Record<string, string> }).headers['x-request-id'],
    ).toBe(kept);
    expect(echoed.headers['x-request-id']).toBe(kept);
    const tooShort = await get(port, '/headers', { headers: { 'x-request-id': 'short' } });
    expect(tooShort.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await stop(hdev);
  });

  it('gives web dynos their own ports behind the router, and --no-router keeps foreman’s', async () => {
    const { hdev, port } = await startApp({ web: 2 });
    const ready = await hdev.waitForLines(/READY dyno=web\.\d port=\d+/, 2);
    const ports = ready.map((line) => Number(/port=(\d+)/.exec(line)?.[1])).sort();
    expect(ports).toEqual([port + 1, port + 2]);
    expect(hdev.stderr).toContain(`http://localhost:${port} routes to the web dynos`);
    await stop(hdev);
  });
});

describe('router: Heroku error codes', () => {
  it('H14 when there is no web process type', async () => {
    const { hdev, port } = await startApp({ procfile: 'worker: sleep 300' });
    await hdev.waitForLine(/worker\.1 +\| State changed from starting to up/);
    const reply = await get(port, '/');
    expect(reply.status).toBe(503);
    expect(reply.body).toContain('H14');
    await routerLine(
      hdev,
      /at=error code=H14 desc="No web processes running" method=GET path="\/" .* dyno= connect= service= status=503 bytes= protocol=http/,
    );
    await stop(hdev);
  });

  it('H14 when web is scaled to 0', async () => {
    const { hdev, port } = await startApp({
      procfile: `${WEB}\nworker: sleep 300`,
      args: ['web=0,worker=1'],
    });
    await hdev.waitForLine(/worker\.1 +\| State changed from starting to up/);
    expect((await get(port, '/')).status).toBe(503);
    await routerLine(hdev, /code=H14/);
    await stop(hdev);
  });

  it('H10 when every web dyno has crashed', async () => {
    const { hdev, port } = await startApp({ procfile: 'web: exit 1' });
    await hdev.waitForLine(/restarting in 2 seconds/);
    const reply = await get(port, '/');
    expect(reply.status).toBe(503);
    await routerLine(hdev, /at=error code=H10 desc="App crashed" .* dyno= /);
    await stop(hdev);
  });

  it('H12 when the dyno sends no first byte within --router-timeout', async () => {
    const { hdev, port } = await startApp({ args: ['--router-timeout', '0.5', '-t', '1'] });
    await waitUp(hdev, 1);
    const started = Date.now();
    const reply = await get(port, '/hang');
    expect(reply.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    await routerLine(
      hdev,
      /at=error code=H12 desc="Request timeout" method=GET path="\/hang" .* dyno=web\.1 connect=\d+ms service=\d+ms status=503 bytes=0/,
    );
    await stop(hdev);
  });

  it('H13 when the dyno closes the connection without a response', async () => {
    const { hdev, port } = await startApp();
    await waitUp(hdev, 1);
    expect((await get(port, '/destroy')).status).toBe(503);
    await routerLine(
      hdev,
      /at=error code=H13 desc="Connection closed without response" .* dyno=web\.1/,
    );
    await stop(hdev);
  });

  it('H15 when a started response stays idle past --router-idle-timeout', async () => {
    const { hdev, port } = await startApp({ args: ['--router-idle-timeout', '0.5'] });
    await waitUp(hdev, 1);
    await expect(get(port, '/idle')).rejects.toThrow();
    await routerLine(hdev, /at=error code=H15 desc="Idle connection" .* dyno=web\.1 .* bytes=1/);
    await stop(hdev);
  });

  it('H18 when the dyno cuts the response off', async () => {
    const { hdev, port } = await startApp();
    await waitUp(hdev, 1);
    await expect(get(port, '/partial')).rejects.toThrow();
    await routerLine(
      hdev,
      /sock=backend at=error code=H18 desc="Server Request Interrupted" .* dyno=web\.1 .* bytes=10/,
    );
    await stop(hdev);
  });

  it('H20 when no web dyno comes up within --router-queue-timeout', async () => {
    const { hdev, port } = await startApp({
      args: ['--router-queue-timeout', '0.5'],
      env: { BIND_DELAY_MS: '20000' },
    });
    await hdev.waitForLine(/web\.1 +\| Starting process/);
    expect((await get(port, '/')).status).toBe(503);
    await routerLine(hdev, /at=error code=H20 desc="App boot timeout"/);
    await stop(hdev);
  });

  it('holds a request until a starting web dyno is up', async () => {
    const { hdev, port } = await startApp({ env: { BIND_DELAY_MS: '800' } });
    await hdev.waitForLine(/web\.1 +\| Starting process/);
    const reply = await get(port, '/');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('web.1\n');
    await stop(hdev);
  });

  it('holds a request made during the release phase until the web dyno is up (not H14)', async () => {
    const { hdev, port } = await startApp({
      procfile: `${WEB}\nrelease: sleep 0.5`,
    });
    await hdev.waitForLine(/release\.\d+ +\| Starting process/);
    const reply = await get(port, '/');
    expect(reply.status).toBe(200);
    expect(hdev.stdout).not.toMatch(/H14/);
    await stop(hdev);
  });

  it('H14 at once, even for a held request, when web is scaled to 0 during the release phase', async () => {
    const port = await freeBasePort();
    const app = makeApp({ Procfile: `${WEB}\nrelease: sleep 20\n` });
    const hdev = new HdevProcess(['start', '-p', String(port)], { cwd: app });
    await hdev.waitForLine(/release\.\d+ +\| Starting process/);
    const held = get(port, '/'); // web=1: the router holds it for the coming web dyno
    const scaled = await runHdev(['scale', 'web=0'], { cwd: app });
    expect(scaled.exitCode).toBe(0);
    // Without the scale waking it, the held request would wait out the 75 s boot window.
    expect((await held).status).toBe(503);
    expect((await get(port, '/')).status).toBe(503);
    await routerLine(hdev, /at=error code=H14/);
    // Shut down during the release phase: the release process stops, no dyno ever starts.
    await stop(hdev);
    expect(hdev.stdout).toMatch(/release\.\d+ +\| Stopping all processes with SIGTERM/);
    expect(hdev.stdout).not.toMatch(/web\.1/);
  });

  it('H21 when every up dyno refuses the connection, after trying another', async () => {
    const { hdev, port } = await startApp({ web: 2 });
    await waitUp(hdev, 2);
    // Close both listeners (the processes stay up, as a server that lost its listener would).
    // Random routing decides which dyno each call closes; once both are closed the router
    // answers 503 itself.
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 503; attempt++) {
      status = (await get(port, '/stop-listening')).status;
    }
    expect(status).toBe(503);
    expect(
      hdev.lines().filter((line) => /path="\/stop-listening".*status=200/.test(line)).length,
    ).toBeGreaterThanOrEqual(1);
    await routerLine(hdev, /at=error code=H21 desc="Backend connection refused"/);
    await stop(hdev);
  });

  it('H27 (status 499) when the client gives up before the response', async () => {
    const { hdev, port } = await startApp();
    await waitUp(hdev, 1);
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/slow?ms=2000', agent: false });
      req.on('error', () => resolve());
      req.end();
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    await routerLine(
      hdev,
      /sock=client at=warning code=H27 desc="Client Request Interrupted" .* dyno=web\.1 .* status=499/,
    );
    await stop(hdev);
  });
});

describe('router: streaming', () => {
  it('proxies a WebSocket upgrade both ways', async () => {
    const { hdev, port } = await startApp();
    await waitUp(hdev, 1);
    const socket = await upgrade(port, '/chat');
    expect(socket.head).toMatch(/^HTTP\/1\.1 101 Switching Protocols/);
    expect(socket.head).toContain('X-Dyno: web.1');
    expect(await socket.send('hello through the router')).toBe('hello through the router');
    socket.close();
    await routerLine(hdev, /at=info method=GET path="\/chat" .* dyno=web\.1 .* status=101/);
    await stop(hdev);
  });

  it('passes Server-Sent Events through as they are written', async () => {
    const { hdev, port } = await startApp();
    await waitUp(hdev, 1);
    const arrivals: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/sse', agent: false }, (res) => {
        res.on('data', () => arrivals.push(Date.now()));
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    expect(arrivals.length).toBeGreaterThanOrEqual(4); // not buffered into one chunk
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(400);
    await stop(hdev);
  });

  it('streams a 50 MB upload and a 50 MB download without buffering them', async () => {
    const { hdev, port } = await startApp();
    await waitUp(hdev, 1);
    const total = 50 * 1024 * 1024;
    const uploaded = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/upload', method: 'POST', agent: false },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'u');
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(Number(uploaded)).toBe(total);
    const downloaded = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/download?mb=50', agent: false }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve(bytes));
      })
        .on('error', reject)
        .end();
    });
    expect(downloaded).toBe(total);
    // hdev's peak memory stays far below the 50 MB that went through it.
    const peakKb = Number(
      /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${hdev.child.pid}/status`, 'utf8'))?.[1],
    );
    expect(peakKb).toBeLessThan(140 * 1024);
    await stop(hdev);
  });
});

describe('router: shutdown', () => {
  it('lets requests in flight finish before the web dynos get SIGTERM', async () => {
    const { hdev, port } = await startApp({ web: 2 });
    await waitUp(hdev, 2);
    const inFlight = Array.from({ length: 10 }, () => get(port, '/slow?ms=800'));
    await hdev.waitForLines(/web\.\d +\| slow request received/, 10);
    hdev.signal('SIGTERM');
    const replies = await Promise.all(inFlight);
    expect(replies.map((reply) => reply.status)).toEqual(Array<number>(10).fill(200));
    await hdev.waitForExit();
    const lines = hdev.lines();
    const lastServed = Math.max(
      ...lines.map((line, index) => (/router +\| at=info .*path="\/slow/.test(line) ? index : -1)),
    );
    const firstSigterm = lines.findIndex((line) =>
      /web\.\d +\| Stopping all processes with SIGTERM/.test(line),
    );
    expect(firstSigterm).toBeGreaterThan(lastServed);
    hdev.expectNoSurvivors();
  });
});
