// The router: one URL in front of the web dynos, as Heroku's HTTP router puts
// https://app.herokuapp.com in front of them. It picks a random up dyno per request, adds
// Heroku's headers, streams both ways, answers Heroku's H-codes, and drains a dyno before it stops.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { listenError } from './listen-error.js';
import type { LogBus } from '../logs/log-bus.js';
import { platformBatch } from '../logs/log-bus.js';
import type { Clock } from '../time/clock.js';
import { delay } from '../time/clock.js';
import type { RouterErrorCode } from './error-codes.js';
import { ROUTER_ERRORS } from './error-codes.js';
import { writeErrorPage } from './error-page.js';
import { forwardedHeaders } from './forwarded-headers.js';
import { headerValue } from './headers.js';
import { requestIdFor } from './request-id.js';
import { formatRouterLog, type RouterLogEntry } from './router-log.js';
import type { RoutableDyno } from './routing-decision.js';
import { chooseDyno } from './routing-decision.js';
import { ClientGone } from './client-gone.js';
import type { UpgradeRequest } from './forward-request.js';
import { forwardRequest } from './forward-request.js';
import type { RequestInfo, RouteContext, RouterTimings } from './route-context.js';
import { logFields } from './route-context.js';
import { joinTunnel } from './forward-upgrade.js';
import type { TlsCredentials } from './localhost-certificate.js';
import { ProtocolSplit } from './protocol-split.js';
import { answerConnect, responseOn } from './socket-response.js';

export { HEROKU_ROUTER_TIMINGS } from '../domain/defaults.js';

export interface RouterOptions extends RouterTimings {
  readonly host: string;
  readonly port: number;
  /** `at=info` lines for every request; errors are always logged. */
  readonly logRequests: boolean;
}

export interface RouterDeps {
  readonly bus: LogBus;
  readonly clock: Clock;
  /** The web dynos now (only `web` receives HTTP traffic on Heroku). */
  readonly webDynos: () => readonly Omit<RoutableDyno, 'draining'>[];
  /** True while web dynos are planned but not created yet (the release phase at start). */
  readonly webExpected?: () => boolean;
  /** Calls back when any dyno changes state; returns a function that unsubscribes. */
  readonly onDynoChange: (listener: () => void) => () => void;
  readonly random?: () => number;
  /** The certificate for HTTPS on the router's port, loaded or made on first use. */
  readonly tlsCredentials?: () => Promise<TlsCredentials>;
}

export class Router {
  readonly #server: Server;
  readonly #agent = new Agent({ keepAlive: true });
  readonly #inFlight = new Map<string, number>();
  readonly #draining = new Set<string>();
  readonly #changeWaiters = new Set<() => void>();
  readonly #upgrades = new Set<Socket>();
  readonly #split: ProtocolSplit;
  readonly #unsubscribe: () => void;
  #closing = false;
  /** The same for every request: made once. */
  #routeContext: RouteContext | undefined;

  constructor(
    private readonly options: RouterOptions,
    private readonly deps: RouterDeps,
  ) {
    this.#server = createServer((request, response) => void this.#handle(request, response));
    this.#server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
      void this.#handleUpgrade(request, socket, head);
    });
    this.#server.on('connect', (request: IncomingMessage, socket: Socket) => {
      this.#refuseConnect(request, socket);
    });
    this.#split = ProtocolSplit.install(this.#server, deps.tlsCredentials);
    this.#unsubscribe = deps.onDynoChange(() => this.#dynosChanged());
  }

  /** Loads or makes the HTTPS certificate ahead of the first HTTPS request. */
  prepareTls(): Promise<void> {
    return this.#split.prepareTls();
  }

  get url(): string {
    return `http://${this.#authority()}`;
  }

  /** HTTPS on the same port (the first byte of each connection tells TLS from plain HTTP). */
  get secureUrl(): string {
    return `https://${this.#authority()}`;
  }

  #authority(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `${host === '127.0.0.1' ? 'localhost' : host}:${this.options.port}`;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', (error: NodeJS.ErrnoException) => {
        reject(listenError(this.options.host, this.options.port, error));
      });
      this.#server.listen(
        { host: this.options.host, port: this.options.port, exclusive: true },
        resolve,
      );
    });
  }

  /**
   * Stops taking requests (Heroku's router stops sending traffic to stopping dynos first) and
   * waits, at most `timeoutMs`, for the requests in flight to finish.
   */
  async close(timeoutMs: number): Promise<void> {
    this.#closing = true;
    this.#server.close();
    this.#server.closeIdleConnections();
    await this.#waitUntil(() => this.#total() === 0, timeoutMs);
    for (const socket of this.#upgrades) socket.destroy();
    this.#server.closeAllConnections();
    this.#split.destroyAll();
    this.#agent.destroy();
    this.#unsubscribe();
  }

  /** Sends a dyno (by key) no new request; resolves once its requests in flight are done (bounded). */
  async drain(dynoKey: string, timeoutMs: number): Promise<void> {
    this.#draining.add(dynoKey);
    await this.#waitUntil(() => (this.#inFlight.get(dynoKey) ?? 0) === 0, timeoutMs);
  }

  #total(): number {
    let total = 0;
    for (const count of this.#inFlight.values()) total += count;
    return total;
  }

  async #waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = this.deps.clock.now() + timeoutMs;
    while (!done() && this.deps.clock.now() < deadline) {
      await this.#nextChange(Math.min(100, deadline - this.deps.clock.now()));
    }
  }

  #dynosChanged(): void {
    // A dyno booting again (a restart) is routable again once it is up.
    for (const dyno of this.deps.webDynos()) {
      if (dyno.state === 'starting') this.#draining.delete(dyno.key);
    }
    this.#wakeWaiters();
  }

  #wakeWaiters(): void {
    const waiters = [...this.#changeWaiters];
    this.#changeWaiters.clear();
    for (const wake of waiters) wake();
  }

  #nextChange(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const abort = new AbortController();
      const wake = (): void => {
        abort.abort();
        resolve();
      };
      this.#changeWaiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
      void delay(this.deps.clock, timeoutMs, abort.signal).then(() => {
        this.#changeWaiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        resolve();
      });
    });
  }

  /** A dyno for the request, or the H-code that answers it instead. */
  async #pick(
    excluded: ReadonlySet<string>,
    deadline: number,
    gone: ClientGone,
  ): Promise<RoutableDyno | RouterErrorCode> {
    for (;;) {
      if (gone.aborted) return 'H27';
      const dynos = this.deps
        .webDynos()
        .map((dyno) => ({ ...dyno, draining: this.#closing || this.#draining.has(dyno.key) }));
      const decision = chooseDyno(
        dynos,
        excluded,
        this.deps.random,
        this.deps.webExpected?.() ?? false,
      );
      if (decision.kind === 'route') return decision.dyno;
      if (decision.kind === 'error') return excluded.size > 0 ? 'H21' : decision.code;
      const remaining = deadline - this.deps.clock.now();
      if (remaining <= 0) return excluded.size > 0 ? 'H21' : 'H20';
      await this.#nextChange(remaining, gone.signal);
    }
  }

  #requestInfo(request: IncomingMessage): RequestInfo {
    const requestId = requestIdFor(headerValue(request.headers['x-request-id']));
    const protocol = (request.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
    const headers = forwardedHeaders({
      clientAddress: request.socket.remoteAddress ?? '',
      clientForwardedFor: headerValue(request.headers['x-forwarded-for']),
      protocol,
      port: request.socket.localPort ?? this.options.port,
      receivedAt: this.deps.clock.now(),
      requestId,
    });
    return {
      startedAt: this.deps.clock.now(),
      protocol,
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      host: request.headers.host ?? '',
      requestId,
      forwardedFor: headers['x-forwarded-for'] ?? '',
      headers,
    };
  }

  #context(): RouteContext {
    this.#routeContext ??= {
      clock: this.deps.clock,
      agent: this.#agent,
      timings: this.options,
      port: this.options.port,
      track: (dyno, delta) => {
        this.#inFlight.set(dyno, (this.#inFlight.get(dyno) ?? 0) + delta);
        if (delta < 0) this.#wakeWaiters();
      },
      log: (entry) => this.#log(entry),
    };
    return this.#routeContext;
  }

  async #handle(
    request: IncomingMessage,
    response: ServerResponse,
    info: RequestInfo = this.#requestInfo(request),
    upgrade?: UpgradeRequest,
  ): Promise<void> {
    const gone = new ClientGone();
    response.once('close', () => {
      if (!response.writableFinished) gone.abort();
    });
    const excluded = new Set<string>();
    const deadline = info.startedAt + this.options.bootWaitMs;
    for (let attempt = 0; attempt < 100; attempt++) {
      const target = await this.#pick(excluded, deadline, gone);
      if (typeof target === 'string') {
        this.#fail(target, info, response);
        return;
      }
      const outcome = await forwardRequest(
        this.#context(),
        request,
        response,
        target,
        info,
        upgrade,
      );
      if (outcome === 'done') return;
      if (outcome === 'refused') excluded.add(target.key); // Heroku tries another dyno
    }
  }

  /**
   * An `Upgrade:` request goes to a dyno like any other, with the router's headers, and is
   * logged like any other. Only the dyno's 101 turns the connection into a tunnel; after any
   * other answer the connection closes, so nothing can follow the request unrouted.
   */
  async #handleUpgrade(request: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const response = responseOn(request, socket);
    const info = this.#requestInfo(request);
    await this.#handle(request, response, info, {
      protocol: headerValue(request.headers.upgrade) ?? '',
      head,
      tunnel: (reply, upstream, upstreamHead, dyno) => {
        response.detachSocket(socket);
        this.#upgrades.add(socket);
        socket.once('close', () => this.#upgrades.delete(socket));
        joinTunnel(
          reply,
          { client: socket, clientHead: head, upstream, upstreamHead },
          this.options.idleTimeoutMs,
          () =>
            this.#log({
              ...logFields(info),
              dyno,
              connectMs: undefined,
              serviceMs: this.deps.clock.now() - info.startedAt,
              status: ROUTER_ERRORS.H15.status,
              bytes: undefined,
              error: ROUTER_ERRORS.H15,
            }),
        );
      },
    });
  }

  /** CONNECT: the router is no forward proxy (see answerConnect). */
  #refuseConnect(request: IncomingMessage, socket: Socket): void {
    const info = this.#requestInfo(request);
    const status = answerConnect(request, socket, info.requestId);
    this.#log({
      ...logFields(info),
      dyno: undefined,
      connectMs: undefined,
      serviceMs: undefined,
      status,
      bytes: undefined,
    });
  }

  #fail(code: RouterErrorCode, info: RequestInfo, response: ServerResponse): void {
    const error = ROUTER_ERRORS[code];
    if (!response.headersSent && !response.destroyed)
      writeErrorPage(response, error, info.requestId);
    this.#log({
      ...logFields(info),
      dyno: undefined,
      connectMs: undefined,
      serviceMs:
        code === 'H20' || code === 'H27' ? this.deps.clock.now() - info.startedAt : undefined,
      status: error.status,
      bytes: undefined,
      error,
    });
  }

  #log(entry: RouterLogEntry): void {
    if (entry.error === undefined && !this.options.logRequests) return;
    this.deps.bus.publish(platformBatch('router', formatRouterLog(entry), this.deps.clock.now()));
  }
}
