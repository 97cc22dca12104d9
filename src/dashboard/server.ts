// The dashboard server: a separate loopback port (the router's port belongs to the app), every
// request and WebSocket upgrade checked by dashboard/access.ts first. Pages come from hdev's own
// files; the live feed and the console are WebSockets; actions are a small JSON API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Engine } from '../engine/engine-api.js';
import type { AccessDecision, Secrets } from './access.js';
import { decideAccess, newSecret, sessionCookie } from './access.js';
import type { ConfigAccess } from './api.js';
import { answerApi, readJsonBody } from './api.js';
import { AssetStore } from './assets.js';
import type { ConsoleOptions, ConsoleRegistry } from './console-channel.js';
import { serveConsole } from './console-channel.js';
import { serveEvents } from './events-channel.js';
import type { AttachLookup } from './attach-channel.js';
import { serveAttach } from './attach-channel.js';

import type { DashboardPort } from './dashboard-port.js';
import { bindDashboardPort, DASHBOARD_HOST } from './dashboard-port.js';

export { DASHBOARD_HOST } from './dashboard-port.js';
/** Keystrokes, resizes and filter changes are small. */
const MAX_WS_MESSAGE_BYTES = 64 * 1024;

export interface DashboardOptions {
  /** 0: any free port. */
  readonly port: number;
  /** The port already bound (hdev start binds it early); bound here otherwise. */
  readonly bound?: DashboardPort;
  readonly console: ConsoleOptions;
  readonly config: ConfigAccess;
  /** The terminals of PTY dynos (`hdev start --pty`), for `hdev attach`. */
  readonly attach?: AttachLookup;
  /** Fixed secrets, for tests; random per run otherwise. */
  readonly secrets?: { readonly token: string; readonly session: string };
}

export interface Dashboard {
  readonly port: number;
  /** `http://127.0.0.1:PORT/?token=…`: what the user opens. */
  readonly url: string;
  /** Closes every console (killing its dyno) and the server. */
  close(): Promise<void>;
}

function securityHeaders(port: number): Record<string, string> {
  const self = `127.0.0.1:${port} localhost:${port}`;
  return {
    // The token is in the first URL: no other site may see it in a Referer.
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': [
      "default-src 'self'",
      `connect-src 'self' ${self.replace(/(\S+)/g, 'ws://$1')}`,
      // xterm.js sets element styles for its grid.
      "style-src 'self' 'unsafe-inline'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; '),
  };
}

function facts(request: IncomingMessage, method: string): Parameters<typeof decideAccess>[0] {
  const url = new URL(request.url ?? '/', 'http://dashboard');
  return {
    host: request.headers.host,
    origin: request.headers.origin,
    method,
    cookie: request.headers.cookie,
    token: url.searchParams.get('token') ?? undefined,
  };
}

function refuse(
  response: ServerResponse,
  decision: Extract<AccessDecision, { kind: 'refuse' }>,
  headers: Record<string, string>,
): void {
  response.writeHead(decision.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`hdev dashboard: ${decision.reason}\n`);
}

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

export async function startDashboard(
  engine: Engine,
  options: DashboardOptions,
): Promise<Dashboard> {
  const assets = new AssetStore();
  const registry: ConsoleRegistry = { sessions: new Set() };
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  let secrets: Secrets = {
    port: 0,
    token: options.secrets?.token ?? newSecret(),
    session: options.secrets?.session ?? newSecret(),
  };
  let headers: Record<string, string> = {};

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    const decision = decideAccess(facts(request, method), secrets);
    if (decision.kind === 'refuse') {
      refuse(response, decision, headers);
      return;
    }
    const path = new URL(request.url ?? '/', 'http://dashboard').pathname;
    if (decision.kind === 'exchange') {
      // The token leaves the address bar (and the history) as soon as it has done its job.
      response.writeHead(303, {
        ...headers,
        'Set-Cookie': sessionCookie(secrets.port, secrets.session),
        Location: path,
      });
      response.end();
      return;
    }
    if (path.startsWith('/api/')) {
      const reply = await answerApi(
        method,
        path,
        () => readJsonBody(request),
        engine,
        options.config,
      );
      if (reply === undefined) json(response, 404, { error: 'no such API' }, headers);
      else json(response, reply.status, reply.body, headers);
      return;
    }
    const asset = method === 'GET' || method === 'HEAD' ? assets.get(path) : undefined;
    if (asset === undefined) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    response.writeHead(200, {
      ...headers,
      'Content-Type': asset.type,
      'Content-Length': asset.body.length,
    });
    response.end(method === 'HEAD' ? undefined : asset.body);
  };

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const decision = decideAccess(facts(request, 'UPGRADE'), secrets);
    const url = new URL(request.url ?? '/', 'http://dashboard');
    const route = url.pathname;
    if (decision.kind !== 'allow' || !['/ws/events', '/ws/console', '/ws/attach'].includes(route)) {
      const status =
        decision.kind === 'refuse' ? decision.status : decision.kind === 'exchange' ? 401 : 404;
      socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      if (route === '/ws/events') serveEvents(ws, engine);
      else if (route === '/ws/attach') serveAttach(ws, url, options.attach);
      else void serveConsole(ws, url, engine, options.console, registry);
    });
  };

  const bound = options.bound ?? (await bindDashboardPort(options.port));
  const { server, port } = bound;
  bound.serve({
    request: (request, response) => {
      handle(request, response).catch((error: unknown) => {
        if (!response.headersSent)
          json(
            response,
            500,
            { error: error instanceof Error ? error.message : String(error) },
            headers,
          );
        else response.destroy();
      });
    },
    upgrade,
  });
  secrets = { ...secrets, port };
  headers = securityHeaders(port);

  return {
    port,
    url: `http://${DASHBOARD_HOST}:${port}/?token=${secrets.token}`,
    async close() {
      await Promise.all([...registry.sessions].map((session) => session.close()));
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
