// The router's edges, with real sockets: upgrade requests a dyno declines, client-chosen values in
// log lines, CONNECT, and HTTPS on the router's own port. The router runs in this process in
// front of a dyno that is a plain HTTP server, so each case reads what the dyno received.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogBus } from '../../src/logs/log-bus.js';
import { certificatePaths, localhostCredentials } from '../../src/router/localhost-certificate.js';
import { HEROKU_ROUTER_TIMINGS, Router } from '../../src/router/router.js';
import { systemClock } from '../../src/time/clock.js';
import { get } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

interface Seen {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: readonly string[];
}

/**
 * A dyno: answers every request with the headers it got. `acceptUpgrades` makes it answer
 * `Upgrade: websocket` with 101 and echo; without it, Node answers upgrade requests as
 * ordinary ones and keeps the connection open for more (as most app servers do).
 */
async function startDyno(acceptUpgrades: boolean): Promise<{ server: Server; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders });
    res.end(JSON.stringify(req.headers));
  });
  if (acceptUpgrades) {
    server.on('upgrade', (req, socket) => {
      seen.push({ url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders });
      const accept = createHash('sha1')
        .update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
        .digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      socket.on('data', (data: Buffer) => socket.write(data));
      socket.on('end', () => socket.end());
      socket.on('error', () => socket.destroy());
    });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, seen };
}

interface Harness {
  readonly router: Router;
  readonly port: number;
  readonly lines: string[];
  readonly seen: Seen[];
  readonly dataHome: string;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startRouter(
  options: { acceptUpgrades?: boolean; dataHome?: string } = {},
): Promise<Harness> {
  const { server, seen } = await startDyno(options.acceptUpgrades ?? false);
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => server.closeAllConnections());
  const dynoPort = (server.address() as AddressInfo).port;
  const dataHome = options.dataHome ?? mkdtempSync(join(tmpdir(), 'hdev-data-'));
  if (options.dataHome === undefined)
    cleanups.push(() => rmSync(dataHome, { recursive: true, force: true }));
  const bus = new LogBus();
  const lines: string[] = [];
  bus.subscribe((batch) => lines.push(...LogBus.splitLines(batch)));
  const port = await freeBasePort(1);
  const router = new Router(
    { ...HEROKU_ROUTER_TIMINGS, host: '127.0.0.1', port, logRequests: true },
    {
      bus,
      clock: systemClock,
      webDynos: () => [
        { name: 'web.1', key: 'web.1#1', state: 'up', host: '127.0.0.1', port: dynoPort },
      ],
      onDynoChange: () => () => undefined,
      tlsCredentials: () => localhostCredentials(join(dataHome, 'hdev')),
    },
  );
  await router.listen();
  cleanups.push(() => router.close(1000));
  return { router, port, lines, seen, dataHome };
}

/** Sends raw bytes and collects what comes back until the connection closes or `until` matches. */
function rawExchange(
  port: number,
  steps: readonly { send: string; until: RegExp }[],
): Promise<{ received: string[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const received: string[] = [];
    let buffer = '';
    let step = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to step ${step}: ${JSON.stringify(buffer)}`));
    }, 5000);
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      if (buffer !== '') received.push(buffer);
      socket.destroy();
      resolve({ received, closed });
    };
    socket.on('data', (data: Buffer) => {
      buffer += data.toString('latin1');
      const current = steps[step];
      if (current === undefined || !current.until.test(buffer)) return;
      received.push(buffer);
      buffer = '';
      step++;
      const next = steps[step];
      if (next === undefined) finish(false);
      else socket.write(next.send);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => undefined);
    socket.write(steps[0]?.send ?? '');
  });
}

/** A raw header list as [name, value] pairs. */
function pairs(raw: readonly string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let index = 0; index + 1 < raw.length; index += 2)
    result.push([raw[index] ?? '', raw[index + 1] ?? '']);
  return result;
}

describe('router: headers as the client sent them', () => {
  it('keeps repeated headers and the names’ case, drops hop-by-hop ones, replaces its own', async () => {
    const { port, seen } = await startRouter();
    await rawExchange(port, [
      {
        send:
          'GET /as-sent HTTP/1.1\r\nHost: localhost\r\nX-Dup: 1\r\nX-Dup: 2\r\nX-Mixed-Case: v\r\n' +
          'Connection: keep-alive, X-Secret\r\nX-Secret: s\r\nX-Forwarded-For: 6.6.6.6\r\n\r\n',
        until: /\r\n\r\n[\s\S]*\}$/,
      },
    ]);
    const got = pairs(seen.find((request) => request.url === '/as-sent')?.rawHeaders ?? []);
    expect(got.filter(([name]) => name === 'X-Dup')).toEqual([
      ['X-Dup', '1'],
      ['X-Dup', '2'],
    ]);
    expect(got).toContainEqual(['X-Mixed-Case', 'v']);
    expect(got.filter(([name]) => name.toLowerCase() === 'x-secret')).toEqual([]);
    expect(got.filter(([name]) => name.toLowerCase() === 'x-forwarded-for')).toEqual([
      ['x-forwarded-for', '6.6.6.6, 127.0.0.1'],
    ]);
  });

  it('gives an HTTP/1.0 request without Host one, for the dyno', async () => {
    const { port, seen } = await startRouter();
    const { received } = await rawExchange(port, [
      { send: 'GET /no-host HTTP/1.0\r\n\r\n', until: /\r\n\r\n[\s\S]*\}$/ },
    ]);
    expect(received.join('')).toMatch(/^HTTP\/1\.1 200 /);
    expect(seen.find((request) => request.url === '/no-host')?.headers.host).toMatch(
      /^127\.0\.0\.1:\d+$/,
    );
  });
});

describe('router: an upgrade the dyno declines', () => {
  it('relays the answer as a response and routes nothing more on that connection raw', async () => {
    const { port, lines, seen } = await startRouter();
    const smuggled =
      'GET /second HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 6.6.6.6\r\n' +
      'X-Forwarded-Proto: https\r\nX-Request-Start: 1\r\n\r\n';
    const { received } = await rawExchange(port, [
      {
        send: 'GET /first HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
        until: /\r\n\r\n[\s\S]*\}$/,
      },
      { send: smuggled, until: /\r\n\r\n[\s\S]*\}$/ },
    ]).catch((error: unknown) => ({ received: [String(error)] }));
    // Whatever followed on that connection either never reached the dyno, or reached it
    // with the router's headers, a request id and a log line.
    for (const request of seen) {
      expect(request.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(request.headers['x-forwarded-proto']).toBe('http');
      expect(request.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number(request.headers['x-request-start'])).toBeGreaterThan(1);
    }
    await waitFor(() => lines.some((line) => /path="\/first" .* status=200/.test(line)), {
      describe: () => lines.join('\n'),
    });
    const logged = lines.filter((line) => line.includes('path="/second"')).length;
    expect(seen.filter((request) => request.url === '/second')).toHaveLength(logged);
    expect(received[0]).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received[0]).toMatch(/x-request-id: /i);
  });

  it('still tunnels when the dyno answers 101', async () => {
    const { port, lines } = await startRouter({ acceptUpgrades: true });
    const { received } = await rawExchange(port, [
      {
        send:
          'GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        until: /\r\n\r\n$/,
      },
      { send: 'echo me', until: /echo me/ },
    ]);
    expect(received[0]).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(received[1]).toBe('echo me');
    await waitFor(() => lines.some((line) => /path="\/ws" .*dyno=web\.1 .*status=101/.test(line)), {
      describe: () => lines.join('\n'),
    });
  });
});

/** Splits a router line into its fields, honouring quoted values. */
function fields(line: string): [string, string][] {
  const found: [string, string][] = [];
  const pattern = /([a-z_]+)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (let match = pattern.exec(line); match !== null; match = pattern.exec(line)) {
    found.push([match[1] ?? '', match[2] ?? '']);
  }
  return found;
}

describe('router: log lines', () => {
  it('quotes client-chosen values, so a Host header cannot add fields', async () => {
    const { port, lines } = await startRouter();
    const host = 'evil" status=200 dyno="web.9';
    await rawExchange(port, [
      {
        send: `GET /x HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
        until: /\}$/,
      },
    ]);
    await waitFor(() => lines.some((line) => line.includes('path="/x"')), {
      describe: () => lines.join('\n'),
    });
    const line = lines.find((candidate) => candidate.includes('path="/x"')) ?? '';
    const parsed = fields(line);
    const names = parsed.map(([name]) => name);
    expect(new Set(names).size).toBe(names.length);
    expect(parsed.find(([name]) => name === 'host')?.[1]).toBe(JSON.stringify(host));
    expect(parsed.find(([name]) => name === 'dyno')?.[1]).toBe('web.1');
  });

  it('answers CONNECT with 405 and a log line instead of dropping the connection', async () => {
    const { port, lines, seen } = await startRouter();
    const { received } = await rawExchange(port, [
      {
        send: 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
        until: /\r\n\r\n/,
      },
    ]);
    expect(received[0]).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(seen).toHaveLength(0);
    await waitFor(
      () =>
        lines.some((line) =>
          /^at=info method=CONNECT path="example\.com:443" host=example\.com:443 .*dyno= .*status=405/.test(
            line,
          ),
        ),
      { describe: () => lines.join('\n') },
    );
  });
});

function httpsGet(
  port: number,
  path: string,
  ca: string,
  host = 'localhost',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        ca,
        agent: false,
        ...(host === 'localhost' ? { servername: host } : {}),
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('https request timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('router: HTTPS on the same port', () => {
  it('serves TLS with a verified localhost certificate and tells the dyno https', async () => {
    const { router, port, lines, dataHome } = await startRouter();
    await router.prepareTls();
    const paths = certificatePaths(join(dataHome, 'hdev'));
    const ca = readFileSync(paths.cert, 'utf8');
    // The router listens on 127.0.0.1 here: `localhost` is checked by name (SNI), the IP by IP.
    for (const host of ['localhost', '127.0.0.1']) {
      const reply = await httpsGet(port, '/secure', ca, host);
      expect(reply.status).toBe(200);
      const headers = JSON.parse(reply.body) as Record<string, string>;
      expect(headers['x-forwarded-proto']).toBe('https');
      expect(headers['x-forwarded-port']).toBe(String(port));
    }
    const plain = await get(port, '/plain');
    expect((JSON.parse(plain.body) as Record<string, string>)['x-forwarded-proto']).toBe('http');
    await waitFor(() => lines.some((line) => /path="\/secure" .*protocol=https$/.test(line)), {
      describe: () => lines.join('\n'),
    });
    expect(lines.some((line) => /path="\/plain" .*protocol=http$/.test(line))).toBe(true);
    expect(statSync(paths.key).mode & 0o777).toBe(0o600);
  });

  it('reuses the certificate on a later start, and makes a new one for a broken file', async () => {
    const dataHome = mkdtempSync(join(tmpdir(), 'hdev-data-'));
    cleanups.push(() => rmSync(dataHome, { recursive: true, force: true }));
    const directory = join(dataHome, 'hdev');
    const first = await localhostCredentials(directory);
    const again = await localhostCredentials(directory);
    expect(again.cert).toBe(first.cert);
    const paths = certificatePaths(directory);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(paths.cert, 'not a certificate');
    const remade = await localhostCredentials(directory);
    expect(remade.cert).not.toBe(first.cert);
    expect(readFileSync(paths.cert, 'utf8')).toBe(remade.cert);
  });

  it('tunnels a WebSocket over TLS', async () => {
    const { router, port, dataHome } = await startRouter({ acceptUpgrades: true });
    await router.prepareTls();
    const ca = readFileSync(certificatePaths(join(dataHome, 'hdev')).cert, 'utf8');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = tlsConnect({ host: 'localhost', port, ca, servername: 'localhost' }, () => {
        socket.write(
          'GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      let received = '';
      const timer = setTimeout(() => reject(new Error(`no echo: ${received}`)), 5000);
      socket.on('data', (data: Buffer) => {
        received += data.toString();
        if (received.endsWith('\r\n\r\n')) socket.write('over tls');
        if (received.endsWith('over tls')) {
          clearTimeout(timer);
          socket.destroy();
          resolve(received);
        }
      });
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 101 /);
  });
});
