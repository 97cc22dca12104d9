import { describe, expect, it } from 'vitest';
import type { BoundSocket } from '../../../src/domain/bind-check.js';
import { loopbackOnlyWarning, wrongPortNotice } from '../../../src/domain/bind-check.js';

const at = (address: string, port = 5001): BoundSocket => ({ address, port });

describe('loopbackOnlyWarning', () => {
  it.each<[string, BoundSocket[], string | undefined]>([
    ['nothing yet', [], undefined],
    ['all interfaces (IPv4)', [at('0.0.0.0')], undefined],
    ['all interfaces (IPv6)', [at('::')], undefined],
    ['a LAN address', [at('192.168.1.20')], undefined],
    ['loopback and all interfaces', [at('127.0.0.1'), at('::')], undefined],
    ['loopback on another port only', [at('127.0.0.1', 9000)], undefined],
    ['127.0.0.1', [at('127.0.0.1')], '127.0.0.1:5001'],
    ['::1', [at('::1')], '[::1]:5001'],
    ['both loopbacks', [at('127.0.0.1'), at('::1')], '127.0.0.1:5001 and [::1]:5001'],
    ['IPv4-mapped loopback', [at('::ffff:127.0.0.1')], '[::ffff:127.0.0.1]:5001'],
  ])('%s', (_name, sockets, where) => {
    const warning = loopbackOnlyWarning('web.1', 5001, sockets);
    expect(warning).toBe(
      where === undefined
        ? undefined
        : `web.1 listens on ${where} only; on Heroku a web dyno must bind 0.0.0.0 (all interfaces) or it fails with R10`,
    );
  });
});

describe('wrongPortNotice', () => {
  it.each<[string, BoundSocket[], string | undefined]>([
    ['nothing yet', [], undefined],
    ['on $PORT', [at('0.0.0.0', 5007)], undefined],
    ['on $PORT and another', [at('0.0.0.0', 5007), at('0.0.0.0', 9229)], undefined],
    ['on 3000', [at('0.0.0.0', 3000)], '3000'],
    [
      'on 3000 twice, and 8080',
      [at('::', 8080), at('0.0.0.0', 3000), at('::', 3000)],
      '3000, 8080',
    ],
  ])('%s', (_name, sockets, ports) => {
    expect(wrongPortNotice('web.1', 5007, sockets, 60_000)).toBe(
      ports === undefined
        ? undefined
        : `web.1 is listening on ${ports}, not on $PORT (5007); on Heroku this fails with R10 after 60 s`,
    );
  });
  it('names the boot timeout in force', () => {
    expect(wrongPortNotice('web.2', 5008, [at('0.0.0.0', 3000)], 90_000)).toMatch(/after 90 s$/);
  });
});
