// The headers Heroku's router adds to every request (Dev Center "HTTP Routing", Heroku Headers).

export interface ForwardingContext {
  /** The address the request came from (the router's peer). */
  readonly clientAddress: string;
  /** X-Forwarded-For as the client sent it, if any. */
  readonly clientForwardedFor: string | undefined;
  readonly protocol: 'http' | 'https';
  /** The port the client connected to. */
  readonly port: number;
  /** When the router received the request, in ms since the epoch. */
  readonly receivedAt: number;
  readonly requestId: string;
}

/** Router 2.0's Via value, as apps see it on Heroku. */
export const ROUTER_VIA = '1.1 heroku-router';

/** The headers the router sets on every request: a client's own are replaced. */
export const ROUTER_HEADERS: ReadonlySet<string> = new Set([
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-request-start',
  'x-request-id',
  'via',
]);

export function forwardedHeaders(context: ForwardingContext): Record<string, string> {
  const address = context.clientAddress.replace(/^::ffff:/, '');
  return {
    // Heroku appends the client's address as the last item of any value the client sent.
    'x-forwarded-for':
      context.clientForwardedFor === undefined || context.clientForwardedFor.trim() === ''
        ? address
        : `${context.clientForwardedFor}, ${address}`,
    'x-forwarded-proto': context.protocol,
    'x-forwarded-port': String(context.port),
    'x-request-start': String(Math.floor(context.receivedAt)),
    'x-request-id': context.requestId,
    via: ROUTER_VIA,
  };
}
