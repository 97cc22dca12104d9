// The router's listen errors name their cause: a busy port is not a foreign address.
import { describe, expect, it } from 'vitest';
import { listenError } from '../../../src/router/listen-error.js';

const errno = (code: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`listen ${code}`), { code });

describe('listenError', () => {
  it.each([
    ['EADDRINUSE', '127.0.0.1', /\(EADDRINUSE\)$/, /Something else uses that port/],
    ['EADDRNOTAVAIL', '8.8.8.8', /8\.8\.8\.8 is not an address of this machine/, /--host/],
    ['ENOTFOUND', 'nosuch.invalid', /nosuch\.invalid does not resolve/, /--host/],
    ['EACCES', '127.0.0.1', /permission denied/, /-p\/--port/],
    ['EINVAL', '127.0.0.1', /\(EINVAL\)$/, /--host/],
  ])('%s', (code, host, message, hint) => {
    const error = listenError(host, 5006, errno(code));
    expect(error.message).toMatch(new RegExp(`^The router cannot listen on ${host}:5006`));
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
    expect(error.exitCode).toBe(2);
  });
});
