// Responses on connections Node's HTTP server has handed over (an upgrade or a CONNECT
// request): framed by Node like any response, after which the connection closes.
import type { IncomingMessage } from 'node:http';
import { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export function responseOn(request: IncomingMessage, socket: Socket): ServerResponse {
  const response = new ServerResponse(request);
  response.shouldKeepAlive = false;
  response.assignSocket(socket);
  response.once('finish', () => {
    response.detachSocket(socket);
    socket.end();
  });
  return response;
}

/**
 * CONNECT asks for a tunnel to anywhere, and the router is no forward proxy: it answers 405,
 * as an origin server that does not offer the method does (RFC 9110 §9.3.6, §15.5.6), rather
 * than dropping the connection. Returns the status sent.
 */
export function answerConnect(request: IncomingMessage, socket: Socket, requestId: string): number {
  socket.on('error', () => socket.destroy());
  const response = responseOn(request, socket);
  response.setHeader('x-request-id', requestId);
  response.writeHead(405, { 'content-type': 'text/plain', 'content-length': 0 });
  response.end();
  return 405;
}
