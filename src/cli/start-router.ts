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
