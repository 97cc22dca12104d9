// Waiting for HTTP servers to answer (the router and deploy benchmarks).
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { now } from './common.mjs';
import { describeExit, hasExited } from './processes.mjs';

export const ROUTER_UP_DEADLINE_MS = 30_000;

/** The status of one GET (a fresh connection), or null on error or after `timeoutMs`. */
export function httpStatus(url, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** Waits until every URL answers 200 (dynos first, then the proxy); null, or why not. */
export async function waitHttp(child, urls, outputTail) {
  const deadline = now() + ROUTER_UP_DEADLINE_MS;
  for (const url of urls) {
    for (;;) {
      if (hasExited(child)) return `${describeExit(child)}: ${outputTail() || 'no output'}`;
      if (now() > deadline) return `${url} did not answer 200 in ${ROUTER_UP_DEADLINE_MS / 1000} s`;
      if ((await httpStatus(url, 1_000)) === 200) break;
      await sleep(50);
    }
  }
  return null;
}
