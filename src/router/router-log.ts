// The router's log line, in Heroku's shape:
// at=info method=GET path="/" host=… request_id=… fwd="…" dyno=web.1 connect=1ms service=18ms
// status=200 bytes=13 protocol=http. Fields without a value are left empty (`dyno= connect=`).
import type { RouterError } from './error-codes.js';

export interface RouterLogEntry {
  readonly method: string;
  readonly path: string;
  readonly host: string;
  readonly requestId: string;
  readonly forwardedFor: string;
  readonly dyno: string | undefined;
  readonly connectMs: number | undefined;
  readonly serviceMs: number | undefined;
  readonly status: number;
  readonly bytes: number | undefined;
  readonly protocol: string;
  readonly error?: RouterError;
}

function ms(value: number | undefined): string {
  return value === undefined ? '' : `${Math.round(value)}ms`;
}

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

export function formatRouterLog(entry: RouterLogEntry): string {
  const error = entry.error;
  const head =
    error === undefined
      ? 'at=info'
      : `${error.sock === undefined ? '' : `sock=${error.sock} `}at=${error.level} code=${error.code} desc=${quoted(error.desc)}`;
  return [
    head,
    `method=${entry.method}`,
    `path=${quoted(entry.path)}`,
    `host=${entry.host}`,
    `request_id=${entry.requestId}`,
    `fwd=${quoted(entry.forwardedFor)}`,
    `dyno=${entry.dyno ?? ''}`,
    `connect=${ms(entry.connectMs)}`,
    `service=${ms(entry.serviceMs)}`,
    `status=${entry.status}`,
    `bytes=${entry.bytes === undefined ? '' : String(entry.bytes)}`,
    `protocol=${entry.protocol}`,
  ].join(' ');
}
