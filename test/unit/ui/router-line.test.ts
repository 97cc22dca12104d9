import { describe, expect, it } from 'vitest';
import { ROUTER_ERRORS } from '../../../src/router/error-codes.js';
import { formatRouterLog, type RouterLogEntry } from '../../../src/router/router-log.js';
import {
  compactRouterLine,
  parseRouterLine,
  routerLineColor,
  type RouterLine,
} from '../../../src/ui/router-line.js';
import { lineText } from '../../../src/ui/log-line.js';

const entry: RouterLogEntry = {
  method: 'GET',
  path: '/',
  host: 'localhost:5006',
  requestId: '0b7f6a52-1d1e-4b4e-9c5e-2f3c2a1d0e9f',
  forwardedFor: '127.0.0.1',
  dyno: 'web.1',
  connectMs: 0.4,
  serviceMs: 1.2,
  status: 200,
  bytes: 512,
  protocol: 'http',
};

/** A line as the router writes it, then as the pane holds it (sanitized). */
function written(change: Partial<RouterLogEntry>): string {
  return lineText(formatRouterLog({ ...entry, ...change }));
}

describe('parseRouterLine and compactRouterLine', () => {
  it.each<[string, string, string, RouterLine['at'], string | undefined]>([
    ['a plain request', written({}), 'GET / → web.1 200 1ms 512B', 'info', undefined],
    [
      'kilobytes and a 404',
      written({ path: '/missing', status: 404, bytes: 2048 }),
      'GET /missing → web.1 404 1ms 2.0kB',
      'info',
      'yellow',
    ],
    [
      'a 500 from the app',
      written({ method: 'POST', path: '/jobs', status: 500, bytes: 21 }),
      'POST /jobs → web.1 500 1ms 21B',
      'info',
      'red',
    ],
    [
      'H12 with its timeout',
      written({
        path: '/slow',
        serviceMs: 30000,
        status: 503,
        bytes: 0,
        error: ROUTER_ERRORS.H12,
      }),
      'H12 GET /slow → web.1 503 30000ms Request timeout',
      'error',
      'red',
    ],
    [
      'H14: no dyno, empty fields',
      written({
        dyno: undefined,
        connectMs: undefined,
        serviceMs: undefined,
        bytes: undefined,
        status: 503,
        error: ROUTER_ERRORS.H14,
      }),
      'H14 GET / → - 503 No web processes running',
      'error',
      'red',
    ],
    [
      'H27 after sock=client, a warning',
      written({ status: 499, error: ROUTER_ERRORS.H27 }),
      'H27 GET / → web.1 499 1ms Client Request Interrupted',
      'warning',
      'yellow',
    ],
    [
      'a path with quotes, spaces and a fake field',
      written({ path: '/a b"c\\ status=999' }),
      'GET /a b"c\\ status=999 → web.1 200 1ms 512B',
      'info',
      undefined,
    ],
    [
      'a path with an escape character: decoded, then made safe again',
      written({ path: '/\u001b[2Jx' }),
      'GET /x → web.1 200 1ms 512B',
      'info',
      undefined,
    ],
    [
      'a method a client made up',
      written({ method: 'BREW COFFEE' }),
      'BREW COFFEE / → web.1 200 1ms 512B',
      'info',
      undefined,
    ],
    [
      'a literal line as Heroku prints it',
      'at=info method=GET path="/" host=myapp.herokuapp.com request_id=8601b555 fwd="204.204.204.204" dyno=web.1 connect=0ms service=18ms status=304 bytes=0 protocol=https',
      'GET / → web.1 304 18ms 0B',
      'info',
      undefined,
    ],
  ])('%s', (_what, line, compact, at, color) => {
    const parsed = parseRouterLine(line);
    expect(parsed?.at).toBe(at);
    if (parsed === undefined) return;
    expect(compactRouterLine(parsed)).toBe(compact);
    expect(routerLineColor(parsed)).toBe(color);
  });

  it.each([
    ['another platform line', 'Starting process with command `node server.js`'],
    ['an app line with key=value pairs', 'at=info method=GET status=200 path="/"  extra'],
    ['no status', 'at=info method=GET path="/" dyno=web.1'],
    ['an unterminated quote', 'at=info method=GET path="/ status=200'],
    ['a word without a field', 'at=info method=GET path="/" status=200 oops'],
    ['empty', ''],
  ])('leaves %s alone', (_what, line) => {
    expect(parseRouterLine(line)).toBeUndefined();
  });

  it('parses the path to what the client sent', () => {
    expect(parseRouterLine(written({ path: '/a b"c\\' }))?.path).toBe('/a b"c\\');
  });
});
