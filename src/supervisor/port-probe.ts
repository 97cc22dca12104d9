// Port checks: is a port free to hand out, and has a web dyno bound its PORT yet.
import { createConnection, createServer } from 'node:net';
import type { Clock } from './clock.js';
import { delay } from './clock.js';

/** True when nothing listens on `port` on this machine (tried on every interface). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    // Listening on the unspecified address collides with a listener on any interface.
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port at or above `preferred` that is not in `taken`; bounded to 1,000 tries. */
export async function allocatePort(preferred: number, taken: ReadonlySet<number>): Promise<number> {
  for (let port = preferred; port < preferred + 1000 && port <= 65_535; port++) {
    if (!taken.has(port) && (await isPortFree(port))) return port;
  }
  throw new Error(`no free port between ${preferred} and ${preferred + 999}`);
}

function acceptsConnections(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Resolves true once something accepts TCP connections on `port` (IPv4 or IPv6 loopback), false
 * when `signal` aborts. Heroku counts a web dyno `up` once its process binds $PORT; there is no
 * event for another process's bind, so this probes, every 20 ms at first, backing off to 250 ms.
 */
export async function waitForListening(
  port: number,
  clock: Clock,
  signal: AbortSignal,
): Promise<boolean> {
  for (let interval = 20; !signal.aborted; interval = Math.min(interval * 1.5, 250)) {
    if ((await acceptsConnections(port, '127.0.0.1')) || (await acceptsConnections(port, '::1'))) {
      return !signal.aborted;
    }
    await delay(clock, interval, signal);
  }
  return false;
}
