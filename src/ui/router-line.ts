// Router lines in the log pane, one row each. Heroku's router line
// (`at=info method=GET path="/" host=… request_id=… fwd=… dyno=web.1 connect=0ms service=1ms
// status=200 bytes=512 protocol=http`, written by src/router/router-log.ts) wraps to four rows at
// 80 columns; the pane shows it as `GET / → web.1 200 1ms 512B` unless full router lines are on.
// The scrollback keeps Heroku's line as it is: the search and the full view read that one.
import type { UiColor } from './dyno-colors.js';
import { sanitizeLine } from './sanitize-line.js';

/** The batch name the router's lines come under (`heroku[router]` in Heroku's log). */
export const ROUTER_SOURCE = 'router';

export interface RouterLine {
  /** `info`, or `error` / `warning` with a code. */
  readonly at: string;
  readonly code: string | undefined;
  readonly desc: string | undefined;
  readonly method: string;
  readonly path: string;
  /** Empty when no dyno took the request (H14). */
  readonly dyno: string;
  readonly status: number;
  readonly serviceMs: number | undefined;
  readonly bytes: number | undefined;
}

/** `key=value`, the value bare or a JSON-quoted string (router-log.ts's two forms). */
const FIELD = /([a-z_]+)=("(?:[^"\\]|\\.)*"|[^\s"]*)(?=\s|$)/gy;

function fieldsOf(text: string): Map<string, string> | undefined {
  const fields = new Map<string, string>();
  FIELD.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    FIELD.lastIndex = at;
    const match = FIELD.exec(text);
    if (match === null) return undefined;
    const [whole, key = '', raw = ''] = match;
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        value = String(JSON.parse(raw));
      } catch {
        return undefined;
      }
    }
    fields.set(key, value);
    at += whole.length;
    while (text[at] === ' ') at++;
  }
  return fields;
}

function milliseconds(value: string | undefined): number | undefined {
  const match = /^(\d+)ms$/.exec(value ?? '');
  return match === null ? undefined : Number(match[1]);
}

function count(value: string | undefined): number | undefined {
  return value === undefined || !/^\d+$/.test(value) ? undefined : Number(value);
}

/** The fields of a router line, or undefined for any other text. */
export function parseRouterLine(text: string): RouterLine | undefined {
  const fields = fieldsOf(text);
  if (fields === undefined) return undefined;
  const at = fields.get('at');
  const method = fields.get('method');
  const path = fields.get('path');
  const status = count(fields.get('status'));
  if (at === undefined || method === undefined || path === undefined || status === undefined) {
    return undefined;
  }
  return {
    at,
    code: fields.get('code'),
    desc: fields.get('desc'),
    method,
    path,
    dyno: fields.get('dyno') ?? '',
    status,
    serviceMs: milliseconds(fields.get('service')),
    bytes: count(fields.get('bytes')),
  };
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)}MB`;
}

/**
 * `GET / → web.1 200 1ms 512B`; an error leads with its code and ends with its description:
 * `H12 GET /slow → web.1 503 30000ms Request timeout`. A path a client chose may hold anything, so
 * what it decodes to is made safe again.
 */
export function compactRouterLine(line: RouterLine): string {
  const parts = [
    ...(line.code === undefined ? [] : [line.code]),
    sanitizeLine(line.method),
    sanitizeLine(line.path),
    '→',
    line.dyno === '' ? '-' : sanitizeLine(line.dyno),
    String(line.status),
    ...(line.serviceMs === undefined ? [] : [`${line.serviceMs}ms`]),
    ...(line.bytes === undefined || line.code !== undefined ? [] : [size(line.bytes)]),
    ...(line.desc === undefined ? [] : [sanitizeLine(line.desc)]),
  ];
  return parts.join(' ');
}

/** Red for router errors and 5xx, yellow for warnings and 4xx; other lines keep the pane's look. */
export function routerLineColor(line: RouterLine): UiColor | undefined {
  if (line.at === 'error' || line.status >= 500) return 'red';
  if (line.at === 'warning' || line.status >= 400) return 'yellow';
  return undefined;
}
