// Who may use the dashboard. It runs commands as the user (the console is a shell), so only the
// user's own browser, on this machine, may reach it:
// - the server binds 127.0.0.1 only (dashboard/server.ts);
// - a random token, printed at start, is exchanged once for an HttpOnly, SameSite=Strict cookie
//   (scripts of other pages cannot read it, and cross-site requests do not carry it);
// - `Host` must name the dashboard itself: a DNS-rebinding page reaches 127.0.0.1 under its own
//   name, which fails here;
// - `Origin`, when a browser sends one (always on a WebSocket handshake and on a POST), must be
//   the dashboard's: a page elsewhere cannot open the console's WebSocket with the user's cookie;
// - no CORS headers, ever.
// Pure policy: data in, decision out; the server applies it to every request and upgrade.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe: the per-run secret in the printed URL. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares secrets in constant time, so a timing attack learns nothing from a wrong guess. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Cookies are scoped by host name, not port: two `hdev start`s (or the app itself on
 * 127.0.0.1) share a cookie jar, so the name carries the dashboard's port.
 */
export function cookieName(port: number): string {
  return `hdev_dashboard_${port}`;
}

export function sessionCookie(port: number, session: string): string {
  return `${cookieName(port)}=${session}; Path=/; HttpOnly; SameSite=Strict`;
}

/** The value of cookie `name` in a `Cookie` header, if present. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The names the dashboard answers to: the address it binds, and `localhost`. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((host) => `http://${host}`);
}

export interface RequestFacts {
  readonly host: string | undefined;
  readonly origin: string | undefined;
  /** `GET`, `POST`; `UPGRADE` for a WebSocket handshake. */
  readonly method: string;
  readonly cookie: string | undefined;
  /** `?token=` in the URL, for the exchange. */
  readonly token: string | undefined;
}

export type AccessDecision =
  | { readonly kind: 'allow' }
  /** A valid token: set the cookie and send the browser to the same page without the token. */
  | { readonly kind: 'exchange' }
  | { readonly kind: 'refuse'; readonly status: 401 | 403 | 421; readonly reason: string };

export interface Secrets {
  readonly port: number;
  readonly token: string;
  readonly session: string;
}

/** Every request and every WebSocket upgrade goes through this, before anything else. */
export function decideAccess(request: RequestFacts, secrets: Secrets): AccessDecision {
  const host = request.host?.toLowerCase();
  if (host === undefined || !allowedHosts(secrets.port).includes(host))
    return {
      kind: 'refuse',
      status: 421,
      reason: `Host ${request.host ?? '(none)'} is not this dashboard`,
    };
  const needsOrigin = request.method !== 'GET' && request.method !== 'HEAD';
  if (
    request.origin === undefined
      ? needsOrigin
      : !allowedOrigins(secrets.port).includes(request.origin)
  )
    return {
      kind: 'refuse',
      status: 403,
      reason: `Origin ${request.origin ?? '(none)'} is not this dashboard`,
    };
  if (sameSecret(readCookie(request.cookie, cookieName(secrets.port)), secrets.session))
    return { kind: 'allow' };
  if (request.method === 'GET' && sameSecret(request.token, secrets.token))
    return { kind: 'exchange' };
  return {
    kind: 'refuse',
    status: 401,
    reason: 'open the dashboard with the URL hdev start printed (it carries the token)',
  };
}
