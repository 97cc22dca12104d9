// A WebSocket (or any HTTP Upgrade) tunnel, once the dyno has answered 101 Switching Protocols:
// the dyno's 101 goes to the client and the two connections are joined byte for byte. Heroku's
// router applies the same 55-second idle timeout to them (H15).
//
// Only a 101 makes a tunnel (forward-request.ts decides): a dyno that answers an upgrade request
// with anything else gets an ordinary relayed response, so no later request on that connection
// can reach a dyno without the router's headers, request id and log line.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** The 101 head exactly as the dyno sent it (its own header order and spelling). */
function switchingProtocolsHead(reply: IncomingMessage): string {
  const lines = [`HTTP/1.1 101 ${reply.statusMessage ?? 'Switching Protocols'}`];
  for (let index = 0; index + 1 < reply.rawHeaders.length; index += 2) {
    lines.push(`${reply.rawHeaders[index] ?? ''}: ${reply.rawHeaders[index + 1] ?? ''}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export interface Tunnel {
  readonly client: Duplex;
  /** What the client sent after its request head (early frames). */
  readonly clientHead: Buffer;
  readonly upstream: Socket;
  /** What the dyno sent after its 101 head. */
  readonly upstreamHead: Buffer;
}

export function joinTunnel(
  reply: IncomingMessage,
  tunnel: Tunnel,
  idleTimeoutMs: number,
  onIdle: () => void,
): void {
  const { client, upstream } = tunnel;
  client.write(switchingProtocolsHead(reply));
  if (tunnel.upstreamHead.length > 0) client.write(tunnel.upstreamHead);
  if (tunnel.clientHead.length > 0) upstream.write(tunnel.clientHead);
  upstream.pipe(client);
  client.pipe(upstream);

  // A WebSocket has no use for half-closed connections (and HTTP server sockets allow them):
  // when either side ends, errs or closes, both are closed.
  const closeBoth = (): void => {
    upstream.destroy();
    client.destroy();
  };
  for (const side of [upstream, client]) {
    side.once('end', closeBoth);
    side.once('close', closeBoth);
    side.on('error', closeBoth);
  }
  // Each byte either way moves the window: everything the client sends is written upstream.
  upstream.setTimeout(idleTimeoutMs, () => {
    onIdle();
    closeBoth();
  });
}
