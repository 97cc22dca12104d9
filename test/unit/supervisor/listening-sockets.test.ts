import { describe, expect, it } from 'vitest';
import { parseListeningSockets } from '../../../src/supervisor/listening-ports.js';

const HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const row = (local: string, state = '0A', inode = 4242): string =>
  `   0: ${local} 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000  1000 0 ${inode} 1 0000000000000000 100 0 0 10 0`;

describe('parseListeningSockets', () => {
  it.each<[string, string, 4 | 6, string, number]>([
    ['IPv4 loopback', '0100007F:138E', 4, '127.0.0.1', 5006],
    ['IPv4 any', '00000000:0BB8', 4, '0.0.0.0', 3000],
    ['IPv4 LAN', '1401A8C0:1F90', 4, '192.168.1.20', 8080],
    ['IPv6 loopback', '00000000000000000000000001000000:138E', 6, '::1', 5006],
    ['IPv6 any', '00000000000000000000000000000000:138E', 6, '::', 5006],
    ['IPv4-mapped loopback', '0000000000000000FFFF00000100007F:138E', 6, '::ffff:127.0.0.1', 5006],
  ])('%s', (_name, local, family, address, port) => {
    expect(parseListeningSockets(HEADER + row(local) + '\n', family)).toEqual([
      { address, port, inode: 4242 },
    ]);
  });
  it('skips sockets that are not listening', () => {
    expect(parseListeningSockets(HEADER + row('0100007F:138E', '01') + '\n', 4)).toEqual([]);
  });
});
