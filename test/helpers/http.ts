// Small HTTP clients for router tests, bounded by timeouts, talking to loopback only.
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { waitFor } from './wait.js';

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export function get(
  port: number,
  path: string,
  options: {
    headers?: Record<string, string>;
    timeoutMs?: number;
    method?: string;
    body?: Buffer;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`timed out: ${path}`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A raw upgrade request: resolves with the socket once the 101 response head has arrived. */
export function upgrade(
  port: number,
  path: string,
): Promise<{ head: string; send(text: string): Promise<string>; close(): void }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('upgrade timed out'));
    }, 10_000);
    socket.once('error', reject);
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    let received = '';
    const onHead = (data: Buffer): void => {
      received += data.toString('latin1');
      if (!received.includes('\r\n\r\n')) return;
      socket.off('data', onHead);
      clearTimeout(timer);
      resolve({
        head: received,
        send: (text) =>
          new Promise((done) => {
            socket.once('data', (echo: Buffer) => done(echo.toString()));
            socket.write(text);
          }),
        close: () => socket.destroy(),
      });
    };
    socket.on('data', onHead);
  });
}

/**
 * Waits until `/` answers 200 with a body (trimmed) matching `pattern`; a refused connection
 * (the router not listening yet) is one more try. Resolves with the body.
 */
export function waitForBody(port: number, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  let last = '';
  return waitFor(
    async () => {
      const reply = await get(port, '/').catch((error: unknown) => ({
        status: 0,
        body: String(error),
      }));
      last = `${reply.status} ${reply.body}`;
      return reply.status === 200 && pattern.test(reply.body.trim()) ? reply.body : undefined;
    },
    { timeoutMs, describe: () => `the router to answer ${pattern}; last: ${last}` },
  );
}
