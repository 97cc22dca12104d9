// Puts the router in front of the supervisor's web dynos for `hdev start`.
import type { LogBus } from '../logs/log-bus.js';
import {
  certificatePaths,
  dataDirectory,
  localhostCredentials,
} from '../router/localhost-certificate.js';
import type { RouterTimings } from '../router/route-context.js';
import { Router } from '../router/router.js';
import type { Clock } from '../time/clock.js';
import type { DynoView, Supervisor } from '../supervisor/supervisor.js';
import type { RoutableDyno } from '../router/routing-decision.js';
import { WEB_TYPE } from '../domain/dyno-name.js';

/**
 * The web dynos as the router sees them, the one place they are built from the supervisor's
 * view: the router needs what no other client does (each dyno process's key, the address its
 * PORT answers on), so it keeps its own shape. Heroku routes HTTP only to the `web` type.
 */
export function routableWebDynos(dynos: readonly DynoView[]): Omit<RoutableDyno, 'draining'>[] {
  return dynos
    .filter((dyno) => dyno.type === WEB_TYPE)
    .map(({ name, key, state, address, port }) => ({
      name,
      key,
      state,
      // Until a dyno is up its address is unknown; IPv4 loopback is where most servers bind.
      host: address ?? '127.0.0.1',
      port,
    }));
}

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
  const directory = dataDirectory(process.env);
  const router = new Router(settings, {
    bus: deps.bus,
    clock: deps.clock,
    webDynos: () => routableWebDynos(supervisor.view()),
    webExpected: () => webDynosExpected(supervisor),
    // A scale changes what a waiting request expects (web=0: H14 now), so it wakes them too.
    onDynoChange: (listener) =>
      supervisor.subscribe((event) => {
        if (event.type === 'state' || event.type === 'formation') listener();
      }),
    tlsCredentials: () =>
      localhostCredentials(directory).catch((error: unknown) => {
        process.stderr.write(
          `hdev: HTTPS is off: no certificate could be read or made in ${directory} (${error instanceof Error ? error.message : String(error)})\n`,
        );
        throw error;
      }),
  });
  await router.listen();
  // The certificate is read (or made, the first time) once a web dyno is up, not before: making
  // it loads a generator that costs more CPU than the rest of hdev's start-up. An HTTPS request
  // that comes earlier has it made at once.
  const stopWaiting = supervisor.subscribe((event) => {
    if (event.type !== 'state' || event.to !== 'up' || !event.dyno.startsWith(`${WEB_TYPE}.`))
      return;
    stopWaiting();
    void router.prepareTls();
  });
  return router;
}

/**
 * Web dynos are about to exist: the formation asks for some and the first release's dynos have
 * not booted yet (its build or release phase runs). On Heroku the previous release serves
 * meanwhile; locally there is none, so the router holds a request for the new dynos (H20 after
 * its boot wait). With web=0, even scaled there during the release phase, it is H14 at once.
 */
export function webDynosExpected(
  supervisor: Pick<Supervisor, 'formation' | 'formationBootedAt' | 'shuttingDown'>,
): boolean {
  return (
    !supervisor.shuttingDown &&
    supervisor.formationBootedAt === undefined &&
    (supervisor.formation.get(WEB_TYPE) ?? 0) > 0
  );
}

/** The start-up line about HTTPS: where, and which certificate to trust. */
export function httpsNote(router: Router): string {
  const cert = certificatePaths(dataDirectory(process.env)).cert;
  return `hdev: ${router.secureUrl} serves the same over HTTPS, certificate ${cert} (hdev start --help: how to trust it)\n`;
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
