// The dashboard server in this process, over a fake engine: every refusal of dashboard/access.ts
// on real sockets, the JSON API, the live feed, and the console's one-off dyno in a real PTY.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Dashboard } from '../../src/dashboard/server.js';
import { startDashboard } from '../../src/dashboard/server.js';
import { platformBatch } from '../../src/logs/log-bus.js';
import { createFakeEngine, dyno, type FakeEngine } from '../helpers/dashboard-fake-engine.js';
import { waitFor } from '../helpers/wait.js';
import { isAlive } from '../helpers/processes.js';

const secrets = { token: 'test-token-123', session: 'test-session-456' };

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: options.host ?? `127.0.0.1:${port}`, ...options.headers },
        timeout: 5_000,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

function openSocket(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ socket: WebSocket; refused?: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, {
      headers,
      handshakeTimeout: 5_000,
    });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ socket, refused: response.statusCode });
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

let engine: FakeEngine;
let dashboard: Dashboard;
let appRoot: string;
let cookie: string;
let origin: string;

beforeEach(async () => {
  engine = createFakeEngine();
  appRoot = mkdtempSync(join(tmpdir(), 'hdev-dashboard-'));
  dashboard = await startDashboard(engine, {
    port: 0,
    secrets,
    config: {
      read: () => engine.vars,
      set: (vars) => void Object.assign(engine.vars, Object.fromEntries(vars)),
      unset: (keys) => {
        engine.vars = Object.fromEntries(
          Object.entries(engine.vars).filter(([key]) => !keys.includes(key)),
        );
      },
    },
    console: {
      appRoot,
      shellEnv: { PATH: process.env.PATH, HOME: process.env.HOME },
      basePort: 46_000,
      runId: `${process.pid}-dashboardtest`,
      stopGraceMs: 2_000,
      processTypes: () => [{ name: 'web', command: 'node web.js' }],
    },
  });
  cookie = `hdev_dashboard_${dashboard.port}=${secrets.session}`;
  origin = `http://127.0.0.1:${dashboard.port}`;
});

afterEach(async () => {
  await dashboard.close();
  rmSync(appRoot, { recursive: true, force: true });
});

describe('who may use the dashboard', () => {
  it('prints a URL with the token on 127.0.0.1', () => {
    expect(dashboard.url).toBe(`http://127.0.0.1:${dashboard.port}/?token=${secrets.token}`);
  });

  it('answers 401 without the token, and with a wrong one', async () => {
    expect((await send(dashboard.port, '/')).status).toBe(401);
    expect((await send(dashboard.port, '/?token=wrong')).status).toBe(401);
    expect((await send(dashboard.port, '/api/releases')).status).toBe(401);
    expect((await send(dashboard.port, '/vendor/xterm.mjs')).status).toBe(401);
  });

  it('exchanges the token for an HttpOnly SameSite=Strict cookie, then serves with it', async () => {
    const exchange = await send(dashboard.port, `/?token=${secrets.token}`);
    expect(exchange.status).toBe(303);
    expect(exchange.headers.location).toBe('/');
    expect(exchange.headers['set-cookie']).toEqual([
      `${cookie}; Path=/; HttpOnly; SameSite=Strict`,
    ]);
    const page = await send(dashboard.port, '/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>hdev dashboard</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const xterm = await send(dashboard.port, '/vendor/xterm.mjs', { headers: { Cookie: cookie } });
    expect(xterm.status).toBe(200);
    expect(xterm.body).toContain('Terminal');
  });

  it('refuses a Host of another name, even with the cookie (DNS rebinding)', async () => {
    const reply = await send(dashboard.port, '/', {
      host: `attacker.example:${dashboard.port}`,
      headers: { Cookie: cookie },
    });
    expect(reply.status).toBe(421);
    const upgrade = await openSocket(dashboard.port, '/ws/events', {
      Host: `attacker.example:${dashboard.port}`,
      Origin: `http://attacker.example:${dashboard.port}`,
      Cookie: cookie,
    });
    expect(upgrade.refused).toBe(421);
  });

  it('refuses a WebSocket from another Origin, or without the cookie', async () => {
    const crossSite = await openSocket(dashboard.port, '/ws/console', {
      Origin: 'http://attacker.example',
      Cookie: cookie,
    });
    expect(crossSite.refused).toBe(403);
    const noCookie = await openSocket(dashboard.port, '/ws/console', { Origin: origin });
    expect(noCookie.refused).toBe(401);
    expect(engine.oneOffs.size).toBe(0);
  });

  it('refuses a POST without its Origin, and sends no CORS header', async () => {
    const body = JSON.stringify({ type: 'web', op: '+', amount: 1 });
    const noOrigin = await send(dashboard.port, '/api/scale', {
      method: 'POST',
      body,
      headers: { Cookie: cookie },
    });
    expect(noOrigin.status).toBe(403);
    const preflight = await send(dashboard.port, '/api/scale', {
      method: 'OPTIONS',
      headers: { Origin: 'http://attacker.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(engine.calls).toEqual([]);
  });

  it('is not reachable on a non-loopback address', async () => {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((info) => info !== undefined && !info.internal && info.family === 'IPv4')
      .map((info) => info?.address ?? '');
    if (addresses.length === 0) return; // no network address to try on this machine
    for (const address of addresses) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: address, port: dashboard.port, timeout: 3_000 });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('timeout', () => {
          socket.destroy();
          resolve('timeout');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome, `the dashboard on ${address}`).not.toBe('connected');
    }
  });
});

describe('the API and the live feed', () => {
  const post = (path: string, body: unknown): Promise<Reply> =>
    send(dashboard.port, path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/json' },
    });

  it('scales, restarts and stops through the engine', async () => {
    expect((await post('/api/scale', { type: 'web', op: '+', amount: 1 })).status).toBe(200);
    expect((await post('/api/restart', { target: 'web.1' })).status).toBe(200);
    expect((await post('/api/stop', { target: 'web.2' })).status).toBe(200);
    expect((await post('/api/scale', { type: 'web', op: '*', amount: 1 })).status).toBe(400);
    expect(engine.calls).toEqual(['scale web+1', 'restart web.1', 'stop web.2']);
  });

  it('lists config keys, reveals a value on request, and releases an edit', async () => {
    const keys = await send(dashboard.port, '/api/config', { headers: { Cookie: cookie } });
    expect(JSON.parse(keys.body)).toEqual({ keys: ['SECRET', 'GREETING'] });
    expect(keys.body).not.toContain('hunter2');
    const value = await post('/api/config/value', { key: 'SECRET' });
    expect(JSON.parse(value.body)).toEqual({ key: 'SECRET', value: 'hunter2' });
    const edit = await post('/api/config', { set: { NEW_KEY: 'v' }, unset: ['GREETING'] });
    expect(edit.status).toBe(200);
    expect((JSON.parse(edit.body) as { release: { version: number } }).release.version).toBe(2);
    expect(engine.vars).toEqual({ SECRET: 'hunter2', NEW_KEY: 'v' });
    expect(engine.calls).toEqual(['deploy']);
    expect((await post('/api/config', { set: { 'bad key': 'v' } })).status).toBe(400);
  });

  it('sends the dyno table and the filtered log, batched', async () => {
    engine.bus.publish(platformBatch('web.1', 'State changed from starting to up', Date.now()));
    const { socket } = await openSocket(dashboard.port, '/ws/events', {
      Origin: origin,
      Cookie: cookie,
    });
    const messages: { kind: string; dynos?: { name: string }[]; entries?: string[][] }[] = [];
    socket.on('message', (data: Buffer) =>
      messages.push(JSON.parse(data.toString('utf8')) as never),
    );
    try {
      await waitFor(() => messages.find((m) => m.kind === 'snapshot'), {
        describe: () => 'a snapshot',
      });
      await waitFor(
        () =>
          messages.find(
            (m) => m.kind === 'logs' && JSON.stringify(m.entries).includes('State changed'),
          ),
        { describe: () => `the history in ${JSON.stringify(messages)}` },
      );
      engine.setDynos([dyno('web.1'), dyno('web.2')]);
      await waitFor(() => messages.some((m) => m.dynos?.some((d) => d.name === 'web.2')), {
        describe: () => 'web.2 in a snapshot',
      });
      socket.send(JSON.stringify({ kind: 'logs', filter: { dyno: 'web.2' }, lines: 10 }));
      const before = messages.length;
      for (let index = 0; index < 5_000; index++) {
        engine.bus.publish(
          platformBatch(index % 2 === 0 ? 'web.1' : 'web.2', `line ${index}`, Date.now(), 'app'),
        );
      }
      const last = await waitFor(
        () =>
          messages.slice(before).find((m) => JSON.stringify(m.entries ?? []).includes('line 4999')),
        { describe: () => 'the last line of the flood' },
      );
      expect(last.entries?.every((entry) => entry[2] === 'web.2')).toBe(true);
      // A flood arrives in a few messages, not one per line.
      expect(messages.slice(before).filter((m) => m.kind === 'logs').length).toBeLessThan(50);
    } finally {
      socket.close();
    }
  });
});

describe('the console', () => {
  it('runs a one-off dyno in a PTY, listed while it lives, killed with its tree on close', async () => {
    const query = new URLSearchParams({
      command: 'bash --norc --noprofile',
      cols: '80',
      rows: '24',
    });
    const { socket } = await openSocket(dashboard.port, `/ws/console?${query.toString()}`, {
      Origin: origin,
      Cookie: cookie,
    });
    let output = '';
    socket.on('message', (data: Buffer) => (output += data.toString('utf8')));
    const describe = (): string => JSON.stringify(output);
    const type = (text: string): void => socket.send(`0${text}`);
    try {
      await waitFor(() => engine.oneOffs.size === 1, { describe: () => 'the one-off registered' });
      const [name] = [...engine.oneOffs.keys()];
      expect(name).toMatch(/^run\.\d+$/);
      type('echo "dyno=$DYNO greeting=$GREETING"\r');
      await waitFor(() => output.includes(`dyno=${name} greeting=hello`), { describe });
      type('stty size\r');
      await waitFor(() => /\b24 80\r\n/.test(output), { describe });
      socket.send(`1${JSON.stringify({ cols: 100, rows: 30 })}`);
      type('stty size\r');
      await waitFor(() => /\b30 100\r\n/.test(output), { describe });
      // A process the shell left in the background, and one that left the group with setsid.
      type(
        'sleep 300 & echo "bg=$!"; setsid sleep 301 & sleep 0.2; pgrep -f "sleep 301" | head -1 | sed "s/^/escaped=/"\r',
      );
      const background = Number(await waitFor(() => /bg=(\d+)/.exec(output)?.[1], { describe }));
      const escaped = Number(await waitFor(() => /escaped=(\d+)/.exec(output)?.[1], { describe }));
      const shell = engine.oneOffs.get(name ?? '')?.pid ?? -1;
      socket.close();
      await waitFor(() => engine.oneOffs.size === 0, { describe: () => 'the one-off withdrawn' });
      const survivors = [shell, background, escaped].filter(isAlive);
      expect(survivors, `of ${shell}, ${background}, ${escaped}`).toEqual([]);
    } finally {
      socket.terminate();
    }
  });

  it('closes the socket with the exit status when the command ends', async () => {
    const query = new URLSearchParams({ command: 'exit 3' });
    const { socket } = await openSocket(dashboard.port, `/ws/console?${query.toString()}`, {
      Origin: origin,
      Cookie: cookie,
    });
    const reason = await new Promise<string>((resolve) =>
      socket.once('close', (_code, why: Buffer) => resolve(why.toString())),
    );
    expect(reason).toBe('exit 3');
    await waitFor(() => engine.oneOffs.size === 0, { describe: () => 'the one-off withdrawn' });
  });
});
