import { describe, expect, it } from 'vitest';
import {
  parseListeningPorts,
  readListeningPorts,
} from '../../../src/supervisor/listening-ports.js';
import { allocatePorts, choosePorts } from '../../../src/supervisor/port-allocation.js';

const HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

describe('parseListeningPorts', () => {
  it.each([
    [
      'an IPv4 listener',
      '   0: 0100007F:138E 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0 0 1 1',
      [5006],
    ],
    [
      'an IPv6 listener',
      '   1: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 0 0 0 0 0 0',
      [8080],
    ],
    [
      'an established connection is not a listener',
      '   2: 0100007F:138E 0100007F:D431 01 0 0 0 0 0 0',
      [],
    ],
    [
      'a TIME_WAIT socket is not a listener',
      '   3: 0100007F:138F 0100007F:D432 06 0 0 0 0 0 0',
      [],
    ],
    ['a blank trailing line', '', []],
  ])('%s', (_name, row, expected) => {
    expect(parseListeningPorts(HEADER + row + '\n')).toEqual(expected);
  });
});

describe('readListeningPorts', () => {
  it('unites both tables and survives a missing tcp6', () => {
    const tables: Record<string, string> = {
      '/proc/net/tcp': HEADER + '   0: 0100007F:138E 00000000:0000 0A 0 0 0 0 0 0\n',
    };
    const read = (path: string): string => {
      const table = tables[path];
      if (table === undefined) throw new Error('ENOENT');
      return table;
    };
    expect(readListeningPorts(read)).toEqual(new Set([5006]));
  });

  it('is undefined where no table can be read, so callers probe instead', () => {
    expect(
      readListeningPorts(() => {
        throw new Error('ENOENT');
      }),
    ).toBeUndefined();
  });
});

describe('choosePorts', () => {
  it.each([
    ['every preferred port free', [5006, 5106], [], [5006, 5106]],
    ['a busy port is skipped for the next free one', [5006, 5007], [5006], [5007, 5008]],
    ['a run of busy ports', [5006], [5006, 5007, 5008], [5009]],
    ['two dynos never share a port', [5006, 5006], [], [5006, 5007]],
  ])('%s', (_name, preferred, busy, expected) => {
    expect(choosePorts(preferred, new Set(busy))).toEqual(expected);
  });

  it('refuses when the whole search span is busy', () => {
    const busy = new Set(Array.from({ length: 1000 }, (_, offset) => 5006 + offset));
    expect(() => choosePorts([5006], busy)).toThrow(/no free port between 5006 and 6005/);
  });
});

describe('allocatePorts against this machine', () => {
  it('finds a real listener through the kernel table and by probing alike', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      const viaKernel = await allocatePorts([address.port], new Set());
      const viaProbe = await allocatePorts([address.port], new Set(), null);
      expect(viaKernel[0]).not.toBe(address.port);
      expect(viaProbe[0]).not.toBe(address.port);
    } finally {
      server.close();
    }
  });
});
