import { describe, expect, it } from 'vitest';
import { ROUTER_ERRORS } from '../../../src/router/error-codes.js';
import { dataDirectory } from '../../../src/router/localhost-certificate.js';
import { forwardedHeaders, ROUTER_HEADERS } from '../../../src/router/forwarded-headers.js';
import { endToEndHeaders, hasHeader } from '../../../src/router/headers.js';
import { requestIdFor } from '../../../src/router/request-id.js';
import type { RouterLogEntry } from '../../../src/router/router-log.js';
import { formatRouterLog } from '../../../src/router/router-log.js';
import type { RoutableDyno, RoutingDecision } from '../../../src/router/routing-decision.js';
import { chooseDyno } from '../../../src/router/routing-decision.js';

describe('requestIdFor (Heroku: 20–200 chars of [A-Za-z0-9+/=-] kept)', () => {
  const generate = (): string => 'generated';
  it.each<[string | undefined, string]>([
    [undefined, 'generated'],
    ['', 'generated'],
    ['short', 'generated'],
    ['a'.repeat(19), 'generated'],
    ['a'.repeat(20), 'a'.repeat(20)],
    ['a'.repeat(200), 'a'.repeat(200)],
    ['a'.repeat(201), 'generated'],
    ['abc+/=-0123456789ABCDEF', 'abc+/=-0123456789ABCDEF'],
    ['has spaces in it, 12345678', 'generated'],
    ['under_scores_are_not_allowed', 'generated'],
  ])('%j → %s', (value, expected) => {
    expect(requestIdFor(value, generate)).toBe(expected);
  });
});

describe('forwardedHeaders', () => {
  const base = {
    clientAddress: '::ffff:127.0.0.1',
    protocol: 'http' as const,
    port: 5006,
    receivedAt: 1_700_000_000_123.7,
    requestId: 'rid',
  };
  it.each<[string | undefined, string]>([
    [undefined, '127.0.0.1'],
    ['', '127.0.0.1'],
    ['203.0.113.9', '203.0.113.9, 127.0.0.1'],
    ['1.1.1.1, 2.2.2.2', '1.1.1.1, 2.2.2.2, 127.0.0.1'],
  ])('X-Forwarded-For with client value %j', (clientValue, expected) => {
    expect(forwardedHeaders({ ...base, clientForwardedFor: clientValue })['x-forwarded-for']).toBe(
      expected,
    );
  });
  it('sets proto, port, request start in ms, request id and Via', () => {
    expect(forwardedHeaders({ ...base, clientForwardedFor: undefined })).toEqual({
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-port': '5006',
      'x-request-start': '1700000000123',
      'x-request-id': 'rid',
      via: '1.1 heroku-router',
    });
  });
});

describe('endToEndHeaders (raw lists, as Node gives and takes them)', () => {
  it.each<[string, string[], string[]]>([
    [
      'drops hop-by-hop headers and those named in Connection',
      [
        'Host',
        'a',
        'Connection',
        'keep-alive, X-Private',
        'Keep-Alive',
        'timeout=5',
        'Transfer-Encoding',
        'chunked',
        'x-private',
        '1',
        'Content-Type',
        'text/plain',
      ],
      ['Host', 'a', 'Content-Type', 'text/plain'],
    ],
    [
      'keeps repeated headers as separate lines, names as sent',
      ['Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'X-Thing', 'x'],
      ['Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'X-Thing', 'x'],
    ],
    ['an empty list', [], []],
  ])('%s', (_name, raw, expected) => {
    expect(endToEndHeaders(raw)).toEqual(expected);
  });

  it('replaces the headers the router sets, whatever their case', () => {
    const raw = ['Host', 'a', 'X-Forwarded-For', '6.6.6.6', 'VIA', 'evil', 'Accept', '*/*'];
    expect(
      endToEndHeaders(raw, ROUTER_HEADERS, { 'x-forwarded-for': '6.6.6.6, 127.0.0.1', via: 'r' }),
    ).toEqual(['Host', 'a', 'Accept', '*/*', 'x-forwarded-for', '6.6.6.6, 127.0.0.1', 'via', 'r']);
  });

  it('ROUTER_HEADERS names every header forwardedHeaders sets', () => {
    const set = forwardedHeaders({
      clientAddress: '127.0.0.1',
      clientForwardedFor: undefined,
      protocol: 'http',
      port: 5006,
      receivedAt: 0,
      requestId: 'rid',
    });
    expect([...ROUTER_HEADERS].sort()).toEqual(Object.keys(set).sort());
  });

  it.each<[string[], boolean]>([
    [['Host', 'a'], true],
    [['HOST', 'a'], true],
    [['x-host', 'a'], false],
    [[], false],
  ])('hasHeader(%j, host) is %s', (raw, expected) => {
    expect(hasHeader(raw, 'host')).toBe(expected);
  });
});

describe('formatRouterLog (Heroku’s router line)', () => {
  const entry: RouterLogEntry = {
    method: 'GET',
    path: '/',
    host: 'localhost:5006',
    requestId: 'rid',
    forwardedFor: '127.0.0.1',
    dyno: 'web.1',
    connectMs: 1.2,
    serviceMs: 18,
    status: 200,
    bytes: 13,
    protocol: 'http',
  };
  it('info', () => {
    expect(formatRouterLog(entry)).toBe(
      'at=info method=GET path="/" host=localhost:5006 request_id=rid fwd="127.0.0.1" dyno=web.1 connect=1ms service=18ms status=200 bytes=13 protocol=http',
    );
  });
  it('an error with empty fields', () => {
    expect(
      formatRouterLog({
        ...entry,
        dyno: undefined,
        connectMs: undefined,
        serviceMs: undefined,
        bytes: undefined,
        status: 503,
        error: ROUTER_ERRORS.H10,
      }),
    ).toBe(
      'at=error code=H10 desc="App crashed" method=GET path="/" host=localhost:5006 request_id=rid fwd="127.0.0.1" dyno= connect= service= status=503 bytes= protocol=http',
    );
  });
  it('sock= prefixes and warnings', () => {
    expect(formatRouterLog({ ...entry, status: 499, error: ROUTER_ERRORS.H27 })).toMatch(
      /^sock=client at=warning code=H27 desc="Client Request Interrupted" /,
    );
    expect(formatRouterLog({ ...entry, status: 503, error: ROUTER_ERRORS.H18 })).toMatch(
      /^sock=backend at=error code=H18 desc="Server Request Interrupted" /,
    );
  });
  it('escapes quotes in the path', () => {
    expect(formatRouterLog({ ...entry, path: '/a"b' })).toContain('path="/a\\"b"');
  });
  it.each<[string, Partial<RouterLogEntry>, string]>([
    ['a plain host stays bare', { host: 'app.localhost:5006' }, 'host=app.localhost:5006 '],
    ['an IPv6 host stays bare', { host: '[::1]:5006' }, 'host=[::1]:5006 '],
    ['a quote in the host', { host: 'a" status=200 x="' }, 'host="a\\" status=200 x=\\"" '],
    ['a space in the host', { host: 'a b' }, 'host="a b" '],
    ['control characters in the path', { path: '/\n\u001b[31m' }, 'path="/\\n\\u001b[31m" '],
    ['a backslash in the forwarded-for', { forwardedFor: 'a\\' }, 'fwd="a\\\\" '],
    ['an odd method', { method: 'M"X' }, 'method="M\\"X" '],
  ])('quotes or escapes client values: %s', (_name, change, expected) => {
    const line = formatRouterLog({ ...entry, ...change });
    expect(line).toContain(expected);
    // Each field name appears once: nothing a client sent became a field of its own.
    const names = [...line.matchAll(/(?:^| )([a-z_]+)=(?:"(?:[^"\\]|\\.)*"|\S*)/g)].map(
      (match) => match[1],
    );
    expect(new Set(names).size).toBe(names.length);
  });
});

const shown = (decision: RoutingDecision): string =>
  decision.kind === 'route'
    ? `route:${decision.dyno.name}`
    : decision.kind === 'error'
      ? `error:${decision.code}`
      : 'wait';

describe('chooseDyno', () => {
  const dyno = (name: string, state: RoutableDyno['state'], draining = false): RoutableDyno => ({
    name,
    key: `${name}#1`,
    state,
    host: '127.0.0.1',
    port: 1,
    draining,
  });
  it.each<[string, RoutableDyno[], string[], string]>([
    ['no web dynos: H14', [], [], 'error:H14'],
    ['all crashed: H10', [dyno('web.1', 'crashed'), dyno('web.2', 'crashed')], [], 'error:H10'],
    ['one starting: wait', [dyno('web.1', 'starting'), dyno('web.2', 'crashed')], [], 'wait'],
    ['only draining: H14', [dyno('web.1', 'up', true)], [], 'error:H14'],
    ['only stopping: H14', [dyno('web.1', 'stopping')], [], 'error:H14'],
    ['up wins over starting', [dyno('web.1', 'starting'), dyno('web.2', 'up')], [], 'route:web.2'],
    ['skips refused dynos', [dyno('web.1', 'up'), dyno('web.2', 'up')], ['web.1#1'], 'route:web.2'],
    [
      'all up refused, none starting: H10 from the decision',
      [dyno('web.1', 'up')],
      ['web.1#1'],
      'error:H10',
    ],
  ])('%s', (_name, dynos, excluded, expected) => {
    const decision = chooseDyno(dynos, new Set(excluded), () => 0);
    expect(shown(decision)).toBe(expected);
  });
  it.each<[string, RoutableDyno[], string]>([
    ['web dynos planned, none created yet (release phase): wait', [], 'wait'],
    ['planned but every existing one is stopping: wait', [dyno('web.1', 'stopping')], 'wait'],
    ['planned and one up: route', [dyno('web.1', 'up')], 'route:web.1'],
  ])('%s', (_name, dynos, expected) => {
    const decision = chooseDyno(dynos, new Set(), () => 0, true);
    expect(shown(decision)).toBe(expected);
  });
  it('chooses at random among up dynos', () => {
    const dynos = [dyno('web.1', 'up'), dyno('web.2', 'up'), dyno('web.3', 'up')];
    const picks = [0, 0.34, 0.99].map((value) => {
      const decision = chooseDyno(dynos, new Set(), () => value);
      return decision.kind === 'route' ? decision.dyno.name : '';
    });
    expect(picks).toEqual(['web.1', 'web.2', 'web.3']);
  });
});

describe('dataDirectory (the router certificate’s folder)', () => {
  it.each<[Record<string, string>, NodeJS.Platform, string]>([
    [{ XDG_DATA_HOME: '/x/data' }, 'linux', '/x/data/hdev'],
    [{ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u/.local/share/hdev'],
    [{}, 'linux', '/home/u/.local/share/hdev'],
    [{}, 'darwin', '/home/u/Library/Application Support/hdev'],
    [{ XDG_DATA_HOME: '/x/data' }, 'darwin', '/x/data/hdev'],
  ])('%j on %s', (env, platform, expected) => {
    expect(dataDirectory(env, platform, '/home/u')).toBe(expected);
  });
});
