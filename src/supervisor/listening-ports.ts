// Which TCP ports something on this machine listens on, read from the kernel in one go.
//
// Probing a port means binding it: a socket, a listen and a close per port, and an event loop
// turn each. With 20 dynos that is the largest cost of start-up after spawning itself, so on
// Linux hdev reads the kernel's socket tables (/proc/net/tcp and tcp6) once instead.
import { readFileSync } from 'node:fs';

/** TCP_LISTEN in the `st` column of /proc/net/tcp (include/net/tcp_states.h). */
const TCP_LISTEN = '0A';

/** The local ports of the listening sockets in one /proc/net/tcp or tcp6 table. */
export function parseListeningPorts(table: string): number[] {
  const ports: number[] = [];
  for (const line of table.split('\n').slice(1)) {
    // `  0: 00000000:07E8 00000000:0000 0A ...`: slot, local address:port, remote, state.
    const [, local, , state] = line.trim().split(/\s+/);
    if (state !== TCP_LISTEN || local === undefined) continue;
    const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (Number.isInteger(port)) ports.push(port);
  }
  return ports;
}

/** Every port listened on, or undefined where the tables cannot be read (not Linux). */
export function readListeningPorts(
  read: (path: string) => string = (path) => readFileSync(path, 'latin1'),
): ReadonlySet<number> | undefined {
  const ports = new Set<number>();
  let readAny = false;
  for (const path of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const port of parseListeningPorts(read(path))) ports.add(port);
      readAny = true;
    } catch {
      // tcp6 is absent on a kernel without IPv6: the other table still counts.
    }
  }
  return readAny ? ports : undefined;
}
