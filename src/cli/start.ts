// `hdev start`: load the app, run the release phase, boot the formation, print logs, and stop
// everything on Ctrl-C, SIGTERM or SIGHUP.
import type { AppSpec } from '../domain/app-spec.js';
import { formatDiagnostic } from '../domain/diagnostic.js';
import type { Formation } from '../domain/formation.js';
import { DEFAULT_RESTART_POLICY } from '../domain/restart-policy.js';
import { signalExitStatus } from '../domain/exit-status.js';
import { HdevError } from '../errors.js';
import { parseFormationArgs, resolveFormation } from '../config/formation.js';
import type { AppLocation } from '../config/load-app.js';
import { loadApp } from '../config/load-app.js';
import { assertSpawnable } from '../config/spawn-check.js';
import type { LogFormat } from '../logs/formatters.js';
import { LogBus, platformBatch } from '../logs/log-bus.js';
import { delay, systemClock } from '../time/clock.js';
import { osProcessControl } from '../supervisor/process-group.js';
import { spawnDynoProcess } from '../supervisor/spawner.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { newRunId, runNeedle } from '../supervisor/dyno-marker.js';
import { startWatchdog } from '../supervisor/watchdog.js';
import { currentUid } from '../control/socket-path.js';
import { plainOutput, tuiOutput } from './start-output.js';
import { checkPortRoom } from './start-ports.js';
import type { ShutdownSignals } from './signals.js';
import type { RouterSettings } from './start-router.js';
import { httpsNote, routerStartLine, startRouter } from './start-router.js';
import { startControl } from './start-control.js';
import { USAGE_SAMPLE_MS, createEngine } from '../engine/create-engine.js';
import { appSocketPath } from '../control/socket-path.js';
import type { Router } from '../router/router.js';
import { Deployer } from '../releases/deployer.js';
import { chooseBuildCommand } from '../releases/build-command.js';
import { releaseStorage } from './release-storage.js';
import { runPostdeployOnce } from '../releases/postdeploy.js';
import { setUpFromAppJson } from './app-setup.js';
import { WEB_TYPE } from '../domain/dyno-name.js';
import { AddonManager } from '../addons/addon-manager.js';
import { prepareAddons, startAddonServers } from '../addons/start-addons.js';
import { bindDashboardPort } from '../dashboard/dashboard-port.js';
import type { Dashboard } from '../dashboard/server.js';
import type { DashboardSettings } from './start-dashboard.js';
import { startDashboardFor } from './start-dashboard.js';
import { createPtySpawner } from '../supervisor/pty-spawner.js';
import { attachmentEnvFile } from '../addons/attach.js';

/**
 * The dashboard loads once the first dynos are spawned, or this long after the release began,
 * whichever is first: its modules (a server, WebSockets) are not on the way to the dynos.
 */
const DASHBOARD_LOAD_AFTER_MS = 500;

export interface StartOptions extends AppLocation {
  readonly formationArgs: readonly string[];
  readonly basePort: number;
  readonly bootTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly exitOnCrash: boolean;
  readonly format: LogFormat;
  /** The terminal UI instead of plain lines (stdout and stdin are terminals, no --no-tui). */
  readonly tui: boolean;
  /** hdev's version, for `hello` on the control socket. */
  readonly version: string;
  /** `--build`: the build command of every code deploy (default: package.json's scripts). */
  readonly buildCommand: string | undefined;
  /** Redeploy on file changes (`--ignore` patterns on top of .gitignore); undefined with --no-watch. */
  readonly watch: { readonly ignore: readonly string[] } | undefined;
  /** The router in front of the web dynos; undefined with --no-router (foreman's behaviour). */
  readonly router: Omit<RouterSettings, 'port'> | undefined;
  /** The browser dashboard on its own loopback port; undefined with --no-dashboard. */
  readonly dashboard?: DashboardSettings | undefined;
  /** `--pty`: every dyno in a pseudo-terminal, attachable with `hdev attach`. */
  readonly pty?: boolean;
  /** Each code release built into a slug, `keep` of them kept; undefined with --no-slugs. */
  readonly slugs?: { readonly keep: number } | undefined;
  /** Where this run keeps releases and slugs instead of hdev's data folder (the doctor's run). */
  readonly releasesDirectory?: string;
}

/** Exit code after a second Ctrl-C forced the dynos down: 128 + SIGINT, as a shell reports it. */
const FORCED_EXIT = signalExitStatus('SIGINT');

export function chooseFormation(app: AppSpec, formationArgs: readonly string[]): Formation {
  const request = formationArgs.length === 0 ? undefined : parseFormationArgs(formationArgs);
  const resolved = resolveFormation(
    app.procfile.types.map((type) => type.name),
    app.appJson?.formation,
    request?.value,
  );
  const problems = [...(request?.diagnostics ?? []), ...resolved.diagnostics];
  const error = problems.find((problem) => problem.severity === 'error');
  if (error !== undefined)
    throw new HdevError(error.message, error.hint === undefined ? {} : { hint: error.hint });
  for (const warning of problems) process.stderr.write(`hdev: ${formatDiagnostic(warning)}\n`);
  return resolved.value;
}

function reportDiagnostics(app: AppSpec): void {
  for (const diagnostic of app.diagnostics)
    process.stderr.write(`hdev: ${formatDiagnostic(diagnostic)}\n`);
  if (app.processTypesOrigin !== undefined)
    process.stderr.write(`hdev: ${app.processTypesOrigin.description}\n`);
  if (app.procfile.types.length === 0) {
    throw new HdevError(`${app.procfilePath} declares no process types`, {
      hint: 'Add a line such as `web: node server.js`; run `hdev check` to see why lines were ignored.',
    });
  }
}

export async function runStart(options: StartOptions, signals: ShutdownSignals): Promise<number> {
  // Before the control socket, the router or any dyno: nothing to clean up when it refuses.
  let app = assertSpawnable(loadApp(options, process.env));
  reportDiagnostics(app);
  if (setUpFromAppJson(app, process.env, (line) => process.stderr.write(`hdev: ${line}\n`)))
    app = assertSpawnable(loadApp(options, process.env)); // with the secrets just written
  const say = (line: string): boolean => process.stderr.write(`hdev: ${line}\n`);
  const addonSetup = await prepareAddons(
    app,
    (options.envFiles ?? []).length > 0,
    process.env,
    say,
  );
  if (addonSetup.envChanged) app = assertSpawnable(loadApp(options, process.env)); // add-on URLs
  const formation = chooseFormation(app, options.formationArgs);
  checkPortRoom(options.basePort, options.router !== undefined, app, formation);

  const bus = new LogBus();
  // Plain lines start at once so nothing printed before the UI could take over is lost.
  const plain = options.tui ? undefined : plainOutput(bus, options.format, formation);

  // Dynos die with hdev, even with kill -9 (see supervisor/watchdog.ts).
  const runId = newRunId();
  const watchdog = startWatchdog({
    needle: runNeedle(runId),
    graceMs: options.stopTimeoutMs,
  });
  const ptyDynos = options.pty === true ? createPtySpawner() : undefined;
  const supervisor = new Supervisor(
    {
      root: app.root,
      processTypes: app.procfile.types,
      configVars: app.configVars.values,
      shellEnv: process.env,
      formation,
      // With the router on the base port, dynos take the ports after it.
      basePort: options.router === undefined ? options.basePort : options.basePort + 1,
      timings: { bootTimeoutMs: options.bootTimeoutMs, stopTimeoutMs: options.stopTimeoutMs },
      restartPolicy: DEFAULT_RESTART_POLICY,
      exitOnCrash: options.exitOnCrash,
      // Heroku starts a type new to the Procfile at 0; `hdev start` with no formation runs
      // every type, so a type added while it runs starts too.
      newTypeQuantity: options.formationArgs.length === 0 ? 1 : 0,
      runId,
    },
    {
      bus,
      clock: systemClock,
      spawner: ptyDynos?.spawner ?? spawnDynoProcess,
      processes: osProcessControl,
      groups: watchdog,
    },
  );
  // Add-on servers are registered with the watchdog like dynos: they die with hdev too.
  const addons = new AddonManager(
    addonSetup.registry,
    {
      env: process.env,
      runId,
      stopTimeoutMs: options.stopTimeoutMs,
      uid: currentUid(),
      envFile: attachmentEnvFile(app, (options.envFiles ?? []).length > 0),
      envFiles: app.envFiles,
    },
    { bus, clock: systemClock, groups: watchdog },
  );
  signals.onEmergency(() => {
    supervisor.killSync();
    addons.killSync();
    watchdog.release();
  });
  const deployer = new Deployer(
    app,
    {
      root: app.root,
      loadApp: () => assertSpawnable(loadApp(options, process.env)),
      buildCommand:
        options.slugs === undefined
          ? chooseBuildCommand(app.root, options.buildCommand)
          : options.buildCommand,
      preboot: options.router !== undefined,
      ...releaseStorage(app, options, process.env),
    },
    { supervisor, bus, clock: systemClock },
  );
  let router: Router | undefined;
  // The one engine the terminal UI and the control socket (and the dashboard) read and steer.
  const engine = createEngine(
    { supervisor, deployer, bus, addons },
    {
      appName: app.name,
      appRoot: app.root,
      routerUrl: () => router?.url,
      requestStop: (by) => requestStop(by ?? 'a stop request'),
      usageSampleMs: USAGE_SAMPLE_MS,
    },
  );
  // The control socket first: a second `hdev start` for this app stops here, before it binds
  // a port or starts a process.
  const control = await startControl(
    appSocketPath(app.root),
    engine,
    { appRoot: app.root, version: options.version, runId },
    options.stopTimeoutMs,
  ).catch((error: unknown) => {
    engine.dispose();
    watchdog.release();
    throw error;
  });
  try {
    router =
      options.router === undefined
        ? undefined
        : await startRouter({ ...options.router, port: options.basePort }, supervisor, {
            bus,
            clock: systemClock,
          });
  } catch (error) {
    await control.close();
    throw error;
  }
  if (router !== undefined) {
    const drainFrom = router;
    supervisor.setStopHook((dyno) => drainFrom.drain(dyno, options.stopTimeoutMs));
    const types = app.procfile.types.map((type) => type.name);
    process.stderr.write(`hdev: ${routerStartLine(router.url, types, formation)}\n`);
    if (types.includes(WEB_TYPE)) process.stderr.write(httpsNote(router));
  }

  // Whatever asks first (a signal, a crash under --exit-on-crash, a failed release, a closed
  // stdout) sets the exit code; the shutdown runs once.
  let exitCode = 0;
  let stopCause = 'stopped';
  let shutdown: Promise<void> | undefined;
  let stopRequested!: () => void;
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  const stopAll = (code: number, cause: string): void => {
    if (shutdown !== undefined) return;
    exitCode = code;
    stopCause = cause;
    shutdown = (async () => {
      // Heroku's router stops sending a dyno new requests and lets those in flight finish
      // before SIGTERM reaches it.
      await router?.close(options.stopTimeoutMs);
      await supervisor.shutdown();
    })();
    stopRequested();
  };
  // Ctrl-C, SIGTERM, SIGHUP and the UI's `q` all count: the first stops gracefully, the
  // second kills at once.
  let stopRequests = 0;
  const requestStop = (by: string): void => {
    stopRequests++;
    if (stopRequests === 1) {
      stopAll(0, `stopped by ${by}`);
      return;
    }
    exitCode = FORCED_EXIT;
    supervisor.kill();
  };
  const stopListening = signals.listen((_count, signal) => requestStop(signal));
  const dashboardFailed = (error: unknown): undefined => {
    process.stderr.write(
      `hdev: the dashboard did not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return undefined;
  };
  // Only its port now (see dashboard-port.ts): the dashboard loads once the dynos are out.
  const dashboardPort =
    options.dashboard === undefined
      ? undefined
      : bindDashboardPort(options.dashboard.port).catch(dashboardFailed);
  const loadDashboard = async (): Promise<Dashboard | undefined> => {
    const bound = await dashboardPort;
    if (bound === undefined) return undefined;
    return startDashboardFor(engine, bound, {
      location: options,
      root: app.root,
      basePort: options.basePort,
      runId,
      stopTimeoutMs: options.stopTimeoutMs,
      // The terminal UI owns the screen: the URL goes to its log pane instead.
      announce: options.tui
        ? (line) => bus.publish(platformBatch('hdev', line, Date.now()))
        : (line) => process.stderr.write(`hdev: ${line}\n`),
      ...(ptyDynos === undefined ? {} : { attach: (dyno: string) => ptyDynos.attach(dyno) }),
    }).catch((error: unknown) => {
      bound.server.close(); // nothing serves it: it must not keep hdev running
      dashboardFailed(error);
      return undefined;
    });
  };
  const output = plain ?? (await tuiOutput(engine));
  supervisor.subscribe((event) => {
    if (event.type === 'exit-requested')
      stopAll(event.status, `stopped: ${event.dyno} crashed (--exit-on-crash)`);
  });
  // A reader that went away (`hdev start 2>&1 | head`) stops hdev as Ctrl-C would, so the
  // control socket and its records go too; only the stream's own listener would exit at once.
  for (const [stream, name] of [
    [process.stdout, 'stdout'],
    [process.stderr, 'stderr'],
  ] as const)
    stream.on('error', () => stopAll(exitCode, `stopped: ${name} closed`));

  // Bound before any dyno's port is chosen (the port probe then skips it): an ephemeral port
  // may fall in the dynos' range.
  await dashboardPort;
  // Add-on servers start alongside the build; the release phase, which migrates against them,
  // waits for them.
  const addonsUp = startAddonServers(addons, say).then((up) => {
    if (!up) stopAll(1, 'stopped: an add-on failed to start');
    return up;
  });
  const deployed = deployer.start(addonsUp);
  // Loaded once the first dynos are spawned, or half a second in: a long build shows in it too.
  const loadNow = new AbortController();
  // (A start that throws is reported by the await below, not again by this race.)
  const dashboardStart = Promise.race([
    deployed.catch(() => undefined),
    delay(systemClock, DASHBOARD_LOAD_AFTER_MS, loadNow.signal),
  ]).then(loadDashboard);
  const started = await deployed;
  loadNow.abort();
  if (!started.ok && started.reason !== 'shutdown')
    stopAll(
      started.status,
      `stopped: the ${started.reason === 'build-failed' ? 'build' : 'release phase'} failed`,
    );
  await addonsUp;
  if (started.ok)
    await runPostdeployOnce(app.root, app.appJson?.postdeploy, process.env, {
      runTask: (kind, command) => supervisor.runTask(kind, command),
      bus,
      clock: systemClock,
    });
  // The watcher (chokidar) loads only once the dynos run: start-up time is spent on them.
  const watcher =
    started.ok && options.watch !== undefined
      ? (await import('./start-watch.js')).startWatching(deployer, bus, {
          root: app.root,
          ignore: options.watch.ignore,
          dynos: supervisor,
        })
      : undefined;
  await stopped;
  // Consoles are one-off dynos: they stop with the app.
  await (await dashboardStart)?.close();
  await watcher?.close();
  await shutdown;
  await addons.stop(); // after the dynos: Postgres' fast shutdown
  await control.close();
  watchdog.release();
  await output.close({ cause: stopCause, exitCode });
  engine.dispose();
  stopListening();
  if (!started.ok && started.reason !== 'shutdown') {
    const step = started.reason === 'build-failed' ? 'build' : 'release phase';
    process.stderr.write(
      `hdev: the ${step} failed (exited with status ${started.status}); no dyno was started.\n`,
    );
  }
  return exitCode;
}
