// Forwards one HTTP request to one web dyno and its response back, streaming both ways (nothing
// is buffered, so large uploads, downloads and Server-Sent Events flow as they are written), and
// turns every way it can go wrong into Heroku's router error.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import type { TimerHandle } from '../time/clock.js';
import type { RouterErrorCode } from './error-codes.js';
import { ROUTER_ERRORS } from './error-codes.js';
import { writeErrorPage } from './error-page.js';
import { ROUTER_HEADERS } from './forwarded-headers.js';
import { endToEndHeaders, hasHeader } from './headers.js';
import type { RequestInfo, RouteContext } from './route-context.js';
import type { RoutableDyno } from './routing-decision.js';
import { logFields } from './route-context.js';

/**
 * `refused`: the dyno refused the connection before anything was sent; try another dyno.
 * `stale`: a pooled keep-alive connection turned out to be closed by the dyno before it answered;
 * a request without a body is sent again on a new connection (Node's documented remedy).
 */
export type ForwardOutcome = 'done' | 'refused' | 'stale';

const RESENDABLE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * An `Upgrade:` request (a WebSocket handshake): offered to the dyno as it came, on a connection
 * of its own. Only a 101 answer turns the client's connection into a tunnel (`tunnel` joins the
 * two); any other answer is an ordinary response, relayed and logged like every other.
 */
export interface UpgradeRequest {
  readonly protocol: string;
  /** Bytes the client sent after the request head; they belong to the tunnel. */
  readonly head: Buffer;
  readonly tunnel: (
    reply: IncomingMessage,
    upstream: Socket,
    upstreamHead: Buffer,
    dyno: string,
  ) => void;
}

export function forwardRequest(
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
  target: Pick<RoutableDyno, 'name' | 'key' | 'host' | 'port'>,
  info: RequestInfo,
  upgrade?: UpgradeRequest,
): Promise<ForwardOutcome> {
  return new Promise((resolve) => {
    const { clock } = context;
    const sentAt = clock.now();
    let connectMs: number | undefined;
    let responseStarted = false;
    let bytes = 0;
    let settled = false;
    let timer: TimerHandle | undefined;
    const { name: dyno, key, host, port } = target;
    context.track(key, 1);

    const headers = endToEndHeaders(request.rawHeaders, ROUTER_HEADERS, info.headers);
    // A raw list gets no Host from Node: an HTTP/1.0 client may have sent none.
    if (!hasHeader(headers, 'host')) headers.push('host', `${host}:${port}`);
    if (upgrade !== undefined) headers.push('connection', 'Upgrade', 'upgrade', upgrade.protocol);
    const upstream = httpRequest({
      host,
      port,
      method: info.method,
      path: info.path,
      headers,
      // A connection that may become a tunnel is never a pooled one.
      agent: upgrade === undefined ? context.agent : false,
    });

    const settle = (status: number, code?: RouterErrorCode): void => {
      if (settled) return;
      settled = true;
      timer?.cancel();
      context.track(key, -1);
      context.log({
        ...logFields(info),
        dyno,
        connectMs,
        serviceMs: connectMs === undefined ? undefined : clock.now() - sentAt - connectMs,
        status,
        bytes,
        ...(code === undefined ? {} : { error: ROUTER_ERRORS[code] }),
      });
      resolve('done');
    };

    const fail = (code: RouterErrorCode): void => {
      const error = ROUTER_ERRORS[code];
      if (!responseStarted && !response.headersSent && !response.destroyed) {
        writeErrorPage(response, error, info.requestId);
      } else {
        response.destroy(); // the response was cut off: the client must see it incomplete
      }
      upstream.destroy();
      settle(error.status, code);
    };

    const restartTimer = (ms: number, code: RouterErrorCode): void => {
      timer?.cancel();
      timer = clock.setTimeout(() => fail(code), ms);
    };

    // H15 is a rolling window: every chunk moves it. Re-arming a timer per chunk costs more
    // than the proxying itself on large responses, so a chunk only notes the time, and the
    // timer, when it fires, waits out whatever is left of the window.
    let lastActivity = 0;
    const watchIdle = (ms: number = context.timings.idleTimeoutMs): void => {
      timer?.cancel();
      timer = clock.setTimeout(() => {
        const left = context.timings.idleTimeoutMs - (clock.now() - lastActivity);
        if (left <= 0) fail('H15');
        else watchIdle(left);
      }, ms);
    };

    upstream.on('socket', (socket: Socket) => {
      const connected = (): void => {
        connectMs = clock.now() - sentAt;
        // The body is piped only once connected: a refused connection has consumed nothing,
        // so the request can go to another dyno intact. An upgrade request has no body.
        if (upgrade === undefined) request.pipe(upstream);
        else upstream.end();
        restartTimer(context.timings.requestTimeoutMs, 'H12');
      };
      if (socket.connecting) socket.once('connect', connected);
      else connected();
    });

    upstream.on('response', (reply) => {
      responseStarted = true;
      lastActivity = clock.now();
      watchIdle();
      const replyHeaders = endToEndHeaders(reply.rawHeaders);
      // Heroku's router adds the request's id to every response (a dyno's own stays).
      if (!hasHeader(replyHeaders, 'x-request-id'))
        replyHeaders.push('x-request-id', info.requestId);
      response.writeHead(reply.statusCode ?? 502, reply.statusMessage, replyHeaders);
      // Headers go out with the first body chunk (one write instead of two); a response whose
      // body does not follow at once (Server-Sent Events, long polling) gets them right away.
      const flushHeaders = setImmediate(() => response.flushHeaders());
      reply.on('data', (chunk: Buffer) => {
        clearImmediate(flushHeaders);
        bytes += chunk.length;
        lastActivity = clock.now();
      });
      reply.once('end', () => clearImmediate(flushHeaders));
      reply.pipe(response);
      reply.once('end', () => settle(reply.statusCode ?? 502));
      reply.once('aborted', () => fail('H18'));
      reply.once('error', () => fail('H18'));
    });

    // Only reached for an upgrade request the dyno accepted (101 Switching Protocols).
    upstream.on('upgrade', (reply: IncomingMessage, socket: Socket, upstreamHead: Buffer) => {
      if (upgrade === undefined || settled) {
        socket.destroy();
        return;
      }
      upgrade.tunnel(reply, socket, upstreamHead, dyno);
      settle(101);
    });

    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      const refused = connectMs === undefined && error.code === 'ECONNREFUSED';
      const stale =
        upstream.reusedSocket &&
        !responseStarted &&
        RESENDABLE.has(info.method) &&
        error.code === 'ECONNRESET';
      if (refused || stale) {
        settled = true;
        timer?.cancel();
        context.track(key, -1);
        resolve(refused ? 'refused' : 'stale');
        return;
      }
      fail(responseStarted ? 'H18' : 'H13');
    });

    // The client went away before the response was complete (Heroku: H27, status 499).
    response.once('close', () => {
      if (settled || response.writableFinished) return;
      upstream.destroy();
      settle(ROUTER_ERRORS.H27.status, 'H27');
    });
  });
}
