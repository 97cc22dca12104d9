// Port checks: is a port free to hand out, and does something accept connections on one.
import { createConnection, createServer } from 'node:net';

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

/** True when something accepts a TCP connection on `host`:`port` right now. */
export function acceptsConnections(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
