// The dashboard's port, bound on its own and early: `hdev start` binds it before any dyno's
// port is chosen (the port probe then skips it; an ephemeral port may fall in the dynos'
// range), but loads the dashboard itself (its server, WebSockets, pages) only once the dynos are
// out. A request that comes in between waits for it rather than being lost.
import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { HdevError } from '../errors.js';

/** Only this address: the dashboard can run commands, so it is never on the network. */
export const DASHBOARD_HOST = '127.0.0.1';

export interface DashboardHandlers {
  request(request: IncomingMessage, response: ServerResponse): void;
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface DashboardPort {
  readonly server: Server;
  readonly port: number;
  /** Hands every request, those waiting first, to the dashboard. */
  serve(handlers: DashboardHandlers): void;
}

export async function bindDashboardPort(port: number): Promise<DashboardPort> {
  let handlers: DashboardHandlers | undefined;
  const waiting: (() => void)[] = [];
  const server = createServer((request, response) => {
    if (handlers !== undefined) handlers.request(request, response);
    else waiting.push(() => handlers?.request(request, response));
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (handlers !== undefined) handlers.upgrade(request, socket, head);
    else waiting.push(() => handlers?.upgrade(request, socket, head));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new HdevError(`the dashboard's port ${port} is in use`, {
              hint: 'Pass another with --dashboard-port, or turn the dashboard off with --no-dashboard.',
            })
          : error,
      ),
    );
    server.listen(port, DASHBOARD_HOST, () => resolve());
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address !== null ? address.port : port,
    serve(given) {
      handlers = given;
      for (const replay of waiting.splice(0)) replay();
    },
  };
}
