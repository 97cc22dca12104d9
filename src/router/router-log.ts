// The router's log line, in Heroku's shape:
// at=info method=GET path="/" host=… request_id=… fwd="…" dyno=web.1 connect=1ms service=18ms
// status=200 bytes=13 protocol=http. Fields without a value are left empty (`dyno= connect=`).
// Every value a client controls is quoted or escaped, so no request can add fields to the line.
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

/** A quoted value with quotes, backslashes and control characters escaped (JSON's rules). */
function quoted(value: string): string {
  return JSON.stringify(value);
}

/** Heroku's plain tokens (host=app.herokuapp.com) stay bare; anything else a client chose is quoted. */
const BARE = /^[A-Za-z0-9._:[\]+/=-]*$/;

function token(value: string): string {
  return BARE.test(value) ? value : quoted(value);
}

export function formatRouterLog(entry: RouterLogEntry): string {
  const error = entry.error;
  const head =
    error === undefined
      ? 'at=info'
      : `${error.sock === undefined ? '' : `sock=${error.sock} `}at=${error.level} code=${error.code} desc=${quoted(error.desc)}`;
  // One template: the line is made for every request.
  return (
    `${head} method=${token(entry.method)} path=${quoted(entry.path)} host=${token(entry.host)}` +
    ` request_id=${token(entry.requestId)} fwd=${quoted(entry.forwardedFor)}` +
    ` dyno=${token(entry.dyno ?? '')} connect=${ms(entry.connectMs)} service=${ms(entry.serviceMs)}` +
    ` status=${entry.status} bytes=${entry.bytes === undefined ? '' : String(entry.bytes)}` +
    ` protocol=${token(entry.protocol)}`
  );
}
