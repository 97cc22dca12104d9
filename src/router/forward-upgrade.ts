// Forwards a WebSocket (or any HTTP Upgrade) connection to a web dyno and joins the two sockets.
// Heroku's router proxies upgrades and applies the same 55-second idle timeout to them.
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { ROUTER_ERRORS } from './error-codes.js';
import type { RequestInfo, RouteContext } from './route-context.js';
import type { RoutableDyno } from './routing-decision.js';
import { logFields } from './route-context.js';

/** The request head to send upstream: the client's headers in order, the router's replacing theirs. */
function upgradeHead(request: IncomingMessage, info: RequestInfo): string {
  const replaced = new Set(Object.keys(info.headers));
  const lines = [`${request.method ?? 'GET'} ${info.path} HTTP/1.1`];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index] ?? '';
    if (!replaced.has(name.toLowerCase()))
      lines.push(`${name}: ${request.rawHeaders[index + 1] ?? ''}`);
  }
  for (const [name, value] of Object.entries(info.headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function forwardUpgrade(
  context: RouteContext,
  request: IncomingMessage,
  client: Duplex,
  head: Buffer,
  target: Pick<RoutableDyno, 'name' | 'port'>,
  info: RequestInfo,
): void {
  const { name: dyno, port } = target;
  const { clock } = context;
  const sentAt = clock.now();
  let connectMs: number | undefined;
  const upstream = connect({ host: '127.0.0.1', port });
  const log = (status: number, code?: keyof typeof ROUTER_ERRORS): void => {
    context.log({
      ...logFields(info),
      dyno,
      connectMs,
      serviceMs: connectMs === undefined ? undefined : clock.now() - sentAt - connectMs,
      status,
      bytes: undefined,
      ...(code === undefined ? {} : { error: ROUTER_ERRORS[code] }),
    });
  };

  upstream.once('connect', () => {
    connectMs = clock.now() - sentAt;
    upstream.write(upgradeHead(request, info));
    if (head.length > 0) upstream.write(head);
    upstream.once('data', (first: Buffer) => {
      const status = Number(
        /^HTTP\/1\.[01] (\d{3})/.exec(first.toString('latin1', 0, 16))?.[1] ?? 0,
      );
      log(status);
    });
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => {
    if (connectMs === undefined) {
      const error = ROUTER_ERRORS.H21;
      client.end(`HTTP/1.1 ${error.status} ${error.desc}\r\ncontent-length: 0\r\n\r\n`);
      log(error.status, 'H21');
    }
    client.destroy();
  });
  const idle = (): void => {
    log(ROUTER_ERRORS.H15.status, 'H15');
    upstream.destroy();
    client.destroy();
  };
  upstream.setTimeout(context.timings.idleTimeoutMs, idle);
  client.on('data', () => upstream.setTimeout(context.timings.idleTimeoutMs));
  // A WebSocket has no use for half-closed connections (and HTTP server sockets allow them):
  // when either side ends or closes, both are closed.
  const closeBoth = (): void => {
    upstream.destroy();
    client.destroy();
  };
  for (const side of [upstream, client]) {
    side.once('end', closeBoth);
    side.once('close', closeBoth);
  }
}
