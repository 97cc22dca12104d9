// Puts the router in front of the supervisor's web dynos for `hdev start`.
import type { LogBus } from '../logs/log-bus.js';
import type { RouterTimings } from '../router/route-context.js';
import { Router } from '../router/router.js';
import type { Clock } from '../supervisor/clock.js';
import type { Supervisor } from '../supervisor/supervisor.js';

/** Heroku routes HTTP only to the `web` process type. */
const WEB_TYPE = 'web';

export interface RouterSettings extends RouterTimings {
  readonly host: string;
  readonly port: number;
  readonly logRequests: boolean;
}

export async function startRouter(
  settings: RouterSettings,
  supervisor: Supervisor,
  deps: { readonly bus: LogBus; readonly clock: Clock },
): Promise<Router> {
  const router = new Router(settings, {
    bus: deps.bus,
    clock: deps.clock,
    webDynos: () =>
      supervisor
        .view()
        .filter((dyno) => dyno.type === WEB_TYPE)
        .map(({ name, key, state, port }) => ({ name, key, state, port })),
    webExpected: () => supervisor.formationPending(WEB_TYPE),
    onDynoChange: (listener) =>
      supervisor.subscribe((event) => {
        if (event.type === 'state') listener();
      }),
  });
  await router.listen();
  return router;
}

/**
 * What `hdev start` says about its router: where it listens and whether anything answers there.
 * Heroku's router answers H14 (no web dynos running) while the app has no web dyno up.
 */
export function routerStartLine(
  url: string,
  types: readonly string[],
  formation: ReadonlyMap<string, number>,
): string {
  if (!types.includes(WEB_TYPE)) {
    return `${url} answers H14 (no web dynos running): the Procfile has no web process type`;
  }
  if ((formation.get(WEB_TYPE) ?? 0) === 0) {
    return `${url} routes to the web dynos; none runs yet, so it answers H14 until \`hdev scale web=1\``;
  }
  return `${url} routes to the web dynos`;
}
