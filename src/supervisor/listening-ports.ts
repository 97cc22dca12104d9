// Which TCP ports something on this machine listens on, read from the kernel in one go, and
// which of those sockets belong to a dyno's processes.
//
// Probing a port means binding it: a socket, a listen and a close per port, and an event loop
// turn each. With 20 dynos that is the largest cost of start-up after spawning itself, so on
// Linux hdev reads the kernel's socket tables (/proc/net/tcp and tcp6) once instead.
import { readdirSync, readlinkSync } from 'node:fs';
import { readProcFile } from './proc-file.js';

/** TCP_LISTEN in the `st` column of /proc/net/tcp (include/net/tcp_states.h). */
const TCP_LISTEN = '0A';

/**
 * A row of /proc/net/tcp{,6} in state TCP_LISTEN: `  0: 0100007F:07E8 00000000:0000 0A ...`
 * (slot, local address:port, remote address:port, state), the local port captured. One regular
 * expression over the whole table: under load it holds thousands of TIME_WAIT rows, and
 * splitting each of them into columns is what made a read cost milliseconds.
 */
const LISTEN_ROW = /^\s*\d+: [0-9A-Fa-f]+:([0-9A-Fa-f]+) [0-9A-Fa-f]+:[0-9A-Fa-f]+ 0A /gm;

/** The local ports of the listening sockets in one /proc/net/tcp or tcp6 table. */
export function parseListeningPorts(table: string): number[] {
  const ports: number[] = [];
  for (const match of table.matchAll(LISTEN_ROW)) ports.push(Number.parseInt(match[1] ?? '', 16));
  return ports;
}

/** Every port listened on, or undefined where the tables cannot be read (not Linux). */
export function readListeningPorts(
  read: (path: string) => string = readProcFile,
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

/** One listening TCP socket: the address it is bound to, its port, and its kernel inode. */
export interface ListeningSocket {
  /** `127.0.0.1`, `::1`, `0.0.0.0`, `::`, `192.168.1.20`… */
  readonly address: string;
  readonly port: number;
  readonly inode: number;
}

/** /proc/net/tcp's address: the 32-bit IPv4 address in host (little-endian) byte order. */
function ipv4(hex: string): string {
  const bytes = [6, 4, 2, 0].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return bytes.join('.');
}

/** /proc/net/tcp6's address: four 32-bit words, each in host byte order. */
function ipv6(hex: string): string {
  const groups: string[] = [];
  for (let word = 0; word < 4; word++) {
    const chunk = hex.slice(word * 8, word * 8 + 8);
    const bytes = [6, 4, 2, 0].map((at) => chunk.slice(at, at + 2));
    groups.push(`${bytes[0]}${bytes[1]}`, `${bytes[2]}${bytes[3]}`);
  }
  const words = groups.map((group) => Number.parseInt(group, 16));
  if (words.slice(0, 5).every((value) => value === 0) && words[5] === 0xffff) {
    return `::ffff:${ipv4(hex.slice(24))}`;
  }
  // The shortest form for what hdev prints and compares: `::`, `::1`, else every group.
  if (words.slice(0, 7).every((value) => value === 0))
    return words[7] === 0 ? '::' : `::${(words[7] ?? 0).toString(16)}`;
  return words.map((value) => value.toString(16)).join(':');
}

/** The listening sockets of one /proc/net/tcp (`family` 4) or tcp6 (6) table. */
export function parseListeningSockets(table: string, family: 4 | 6): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of table.split('\n').slice(1)) {
    // slot, local address:port, remote, state, queues, timer, retransmits, uid, timeout, inode
    const columns = line.trim().split(/\s+/);
    const [, local, , state] = columns;
    if (state !== TCP_LISTEN || local === undefined) continue;
    const colon = local.lastIndexOf(':');
    const port = Number.parseInt(local.slice(colon + 1), 16);
    const inode = Number(columns[9]);
    if (!Number.isInteger(port) || !Number.isInteger(inode)) continue;
    const hex = local.slice(0, colon);
    sockets.push({ address: family === 4 ? ipv4(hex) : ipv6(hex), port, inode });
  }
  return sockets;
}

/** Every listening TCP socket on this machine, or undefined where the tables cannot be read. */
export function readListeningSockets(
  read: (path: string) => string = readProcFile,
): ListeningSocket[] | undefined {
  const sockets: ListeningSocket[] = [];
  let readAny = false;
  for (const [path, family] of [
    ['/proc/net/tcp', 4],
    ['/proc/net/tcp6', 6],
  ] as const) {
    try {
      sockets.push(...parseListeningSockets(read(path), family));
      readAny = true;
    } catch {
      // no IPv6 on this kernel, or no /proc at all
    }
  }
  return readAny ? sockets : undefined;
}

/** The socket inodes `pids` hold open (/proc/PID/fd/N → `socket:[inode]`); Linux only. */
export function socketInodes(pids: readonly number[]): Set<number> {
  const inodes = new Set<number>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith('socket:[')) inodes.add(Number(target.slice(8, -1)));
      } catch {
        // closed meanwhile
      }
    }
  }
  return inodes;
}

/** The sockets `pids` listen on, or undefined where this cannot be known (not Linux). */
export function listeningSocketsOf(pids: readonly number[]): ListeningSocket[] | undefined {
  if (process.platform !== 'linux') return undefined;
  const all = readListeningSockets();
  if (all === undefined) return undefined;
  const held = socketInodes(pids);
  return all.filter((socket) => held.has(socket.inode));
}
