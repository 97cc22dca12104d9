// What forwarding one request needs from the router, shared by HTTP and WebSocket forwarding.
import type { Agent } from 'node:http';
import type { Clock } from '../time/clock.js';
import type { RouterLogEntry } from './router-log.js';

export interface RouterTimings {
  /** H12: the dyno must send the first byte of its response within this (Heroku: 30 s). */
  readonly requestTimeoutMs: number;
  /** H15: once a response has started, each byte resets this window (Heroku: 55 s). */
  readonly idleTimeoutMs: number;
  /** H20: how long a request waits for a web dyno to come up (Heroku: 75 s). */
  readonly bootWaitMs: number;
}

/** What a request handler needs from the router, shared by HTTP and WebSocket forwarding. */
export interface RouteContext {
  readonly clock: Clock;
  readonly agent: Agent;
  readonly timings: RouterTimings;
  readonly port: number;
  /** Requests in flight per dyno key (see RoutableDyno.key). */
  track(dynoKey: string, delta: 1 | -1): void;
  log(entry: RouterLogEntry): void;
}

export interface RequestInfo {
  readonly startedAt: number;
  /** How the client reached the router: TLS or plain HTTP on the same port. */
  readonly protocol: 'http' | 'https';
  readonly method: string;
  readonly path: string;
  readonly host: string;
  readonly requestId: string;
  readonly forwardedFor: string;
  readonly headers: Record<string, string>;
}

export function logFields(
  info: RequestInfo,
): Pick<RouterLogEntry, 'method' | 'path' | 'host' | 'requestId' | 'forwardedFor' | 'protocol'> {
  return {
    method: info.method,
    path: info.path,
    host: info.host,
    requestId: info.requestId,
    forwardedFor: info.forwardedFor,
    protocol: info.protocol,
  };
}
