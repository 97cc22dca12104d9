// What a web dyno's listening sockets say about how it will fare on Heroku, where the router
// reaches a dyno from another machine on $PORT: a process bound to loopback only, or to another
// port, is never seen to bind and ends in R10 (Dev Center "Heroku Error Codes", R10; Heroku
// Help "Why is my Node.js app crashing with an R10 error?"). Locally both still work or can be
// seen at once, so hdev says so instead of leaving the developer to wait for R10.

export interface BoundSocket {
  readonly address: string;
  readonly port: number;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

function isLoopback(address: string): boolean {
  return LOOPBACK.test(address);
}

/** `127.0.0.1:5001`, `[::1]:5001`. */
function endpoint(socket: BoundSocket): string {
  return socket.address.includes(':')
    ? `[${socket.address}]:${socket.port}`
    : `${socket.address}:${socket.port}`;
}

/**
 * The warning for a dyno whose sockets on `port` are all on loopback addresses (it works here,
 * behind hdev's router on the same machine, and fails on Heroku), else undefined.
 */
export function loopbackOnlyWarning(
  dyno: string,
  port: number,
  sockets: readonly BoundSocket[],
): string | undefined {
  const onPort = sockets.filter((socket) => socket.port === port);
  if (onPort.length === 0 || !onPort.every((socket) => isLoopback(socket.address)))
    return undefined;
  const where = onPort.map(endpoint).join(' and ');
  return `${dyno} listens on ${where} only; on Heroku a web dyno must bind 0.0.0.0 (all interfaces) or it fails with R10`;
}

/**
 * The notice for a dyno that listens, but not on `port` (a hard-coded 3000, say): Heroku
 * waits out the boot timeout and then fails it with R10. Undefined while it listens nowhere
 * yet, or on `port`.
 */
export function wrongPortNotice(
  dyno: string,
  port: number,
  sockets: readonly BoundSocket[],
  bootTimeoutMs: number,
): string | undefined {
  if (sockets.length === 0 || sockets.some((socket) => socket.port === port)) return undefined;
  const ports = [...new Set(sockets.map((socket) => socket.port))].sort((a, b) => a - b);
  const seconds = Math.round(bootTimeoutMs / 100) / 10;
  return `${dyno} is listening on ${ports.join(', ')}, not on $PORT (${port}); on Heroku this fails with R10 after ${seconds} s`;
}
