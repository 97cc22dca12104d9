// Which web dyno gets a request: Heroku's routers pick at random among the dynos that are up
// (not round-robin), never a starting, crashed or stopping one (Dev Center "HTTP Routing").
import type { DynoState } from '../domain/dyno-state.js';

export interface RoutableDyno {
  readonly name: string;
  /**
   * Unique per dyno process: during a rollout the old and the new `web.1` run side by side
   * (Heroku's DYNO is "not guaranteed unique during deploy/restart"), and each is drained
   * or counted on its own.
   */
  readonly key: string;
  readonly state: DynoState;
  /** The address the dyno's PORT answers on: 127.0.0.1, ::1 (a dyno bound to IPv6 loopback only)… */
  readonly host: string;
  readonly port: number;
  /** Being drained before it stops: finishes what it has, gets nothing new. */
  readonly draining: boolean;
}

export type RoutingDecision =
  | { readonly kind: 'route'; readonly dyno: RoutableDyno }
  /** No web dyno is up yet but one is starting: hold the request (H20 after 75 s). */
  | { readonly kind: 'wait' }
  /** H14: web scaled to 0 or no web type. H10: every web dyno crashed. */
  | { readonly kind: 'error'; readonly code: 'H10' | 'H14' };

/**
 * `webExpected`: web dynos are about to exist (hdev's release phase runs before the first
 * formation boots). On Heroku the previous release serves meanwhile; locally there is none, so
 * the request waits for the new dynos rather than getting H14.
 */
export function chooseDyno(
  webDynos: readonly RoutableDyno[],
  excluded: ReadonlySet<string>,
  random: () => number = Math.random,
  webExpected = false,
): RoutingDecision {
  const candidates = webDynos.filter(
    (dyno) => dyno.state === 'up' && !dyno.draining && !excluded.has(dyno.key),
  );
  if (candidates.length > 0) {
    const dyno = candidates[Math.floor(random() * candidates.length)] ?? candidates[0];
    if (dyno !== undefined) return { kind: 'route', dyno };
  }
  const live = webDynos.filter(
    (dyno) => !dyno.draining && dyno.state !== 'down' && dyno.state !== 'stopping',
  );
  if (live.length === 0) return webExpected ? { kind: 'wait' } : { kind: 'error', code: 'H14' };
  // Up dynos that refused this request are the caller's business (H21 once all were tried).
  if (live.some((dyno) => dyno.state === 'starting')) return { kind: 'wait' };
  return { kind: 'error', code: 'H10' };
}
