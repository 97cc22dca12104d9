import { describe, expect, it } from 'vitest';
import {
  cookieName,
  decideAccess,
  readCookie,
  sameSecret,
  sessionCookie,
  type RequestFacts,
} from '../../../src/dashboard/access.js';

const secrets = { port: 4100, token: 'the-token', session: 'the-session' };
const cookie = `${cookieName(4100)}=the-session`;
const base: RequestFacts = {
  host: '127.0.0.1:4100',
  origin: undefined,
  method: 'GET',
  cookie: undefined,
  token: undefined,
};

describe('decideAccess', () => {
  const cases: [string, Partial<RequestFacts>, string][] = [
    ['no token, no cookie', {}, 'refuse 401'],
    ['a wrong token', { token: 'guess' }, 'refuse 401'],
    ['the token', { token: 'the-token' }, 'exchange'],
    [
      'the token on a POST',
      { method: 'POST', token: 'the-token', origin: 'http://127.0.0.1:4100' },
      'refuse 401',
    ],
    ['the cookie', { cookie }, 'allow'],
    ['the cookie among others', { cookie: `a=1; ${cookie}; b=2` }, 'allow'],
    ['the cookie of another port', { cookie: `${cookieName(4101)}=the-session` }, 'refuse 401'],
    ['a wrong session', { cookie: `${cookieName(4100)}=the-sessioN` }, 'refuse 401'],
    ['localhost', { host: 'localhost:4100', cookie }, 'allow'],
    ['another host name (DNS rebinding)', { host: 'evil.example:4100', cookie }, 'refuse 421'],
    ['another port in Host', { host: '127.0.0.1:80', cookie }, 'refuse 421'],
    ['no Host', { host: undefined, cookie }, 'refuse 421'],
    [
      'a WebSocket from the dashboard',
      { method: 'UPGRADE', origin: 'http://127.0.0.1:4100', cookie },
      'allow',
    ],
    [
      'a WebSocket from another site',
      { method: 'UPGRADE', origin: 'http://evil.example', cookie },
      'refuse 403',
    ],
    [
      'a WebSocket from the app on the router',
      { method: 'UPGRADE', origin: 'http://localhost:5006', cookie },
      'refuse 403',
    ],
    ['a WebSocket without Origin', { method: 'UPGRADE', cookie }, 'refuse 403'],
    ['a POST without Origin', { method: 'POST', cookie }, 'refuse 403'],
    [
      'a POST from another site',
      { method: 'POST', origin: 'https://evil.example', cookie },
      'refuse 403',
    ],
    ['a GET from another site with Origin', { origin: 'null', cookie }, 'refuse 403'],
  ];
  it.each(cases)('%s', (_name, facts, expected) => {
    const decision = decideAccess({ ...base, ...facts }, secrets);
    const shown = decision.kind === 'refuse' ? `refuse ${decision.status}` : decision.kind;
    expect(shown).toBe(expected);
  });
});

describe('cookies and secrets', () => {
  it('sets an HttpOnly, SameSite=Strict cookie named after the port', () => {
    expect(sessionCookie(4100, 's')).toBe(
      'hdev_dashboard_4100=s; Path=/; HttpOnly; SameSite=Strict',
    );
  });
  it('reads one cookie from a header', () => {
    expect(readCookie('a=1; hdev_dashboard_1=x; b=2', 'hdev_dashboard_1')).toBe('x');
    expect(readCookie(undefined, 'a')).toBeUndefined();
    expect(readCookie('ab=1', 'a')).toBeUndefined();
  });
  it('compares secrets of any length without throwing', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abcd', 'abc')).toBe(false);
    expect(sameSecret(undefined, 'abc')).toBe(false);
  });
});
