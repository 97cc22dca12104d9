// The page the router answers with when it cannot get a response from a web dyno. Heroku serves
// its own "Application error" page with a 503 (499 for H27) and names the code only in the logs;
// hdev names the code on the page too, since the developer is the one reading it.
import type { ServerResponse } from 'node:http';
import type { RouterError } from './error-codes.js';

export function errorPage(error: RouterError, requestId: string): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>Application Error</title></head>',
    '<body style="font-family: sans-serif; margin: 3em">',
    '<h1>Application error</h1>',
    `<p>The router could not get a response from a web dyno: <strong>${error.code} ${error.desc}</strong>.</p>`,
    `<p>The <code>heroku[router]</code> log line with <code>request_id=${requestId}</code> has the details.</p>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** Answers with the error page, its status and the request's id. */
export function writeErrorPage(
  response: ServerResponse,
  error: RouterError,
  requestId: string,
): void {
  const body = errorPage(error, requestId);
  response.writeHead(error.status, [
    'content-type',
    'text/html; charset=utf-8',
    'content-length',
    String(Buffer.byteLength(body)),
    'x-request-id',
    requestId,
  ]);
  response.end(body);
}
