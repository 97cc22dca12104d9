// createEngine: the Engine (engine-api.ts) of one `hdev start`, over its supervisor, deployer and
// log bus. It maps their state into snapshots, samples each dyno's CPU and memory, and turns the
// clients' typed commands into calls on them; it holds no process logic of its own.
import type { DynoState } from '../domain/dyno-state.js';
import type { Formation } from '../domain/formation.js';
import type { Release } from '../domain/release.js';
import { HdevError } from '../errors.js';
import type { LogBus } from '../logs/log-bus.js';
import type { Deployer } from '../releases/deployer.js';
import type { DynoUsage } from '../supervisor/dyno-usage.js';
import { UsageSampler } from '../supervisor/dyno-usage.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { CrashLog, type CrashReport } from './crash-log.js';
import { formationDynoSnapshot, oneOffSnapshot, shutdownProgress } from './dyno-snapshots.js';
import type { AddonSnapshot, DynoSnapshot, Engine, EngineSnapshot } from './engine-api.js';

/** How often the dynos' CPU and memory figures are refreshed. */
export const USAGE_SAMPLE_MS = 2_000;

export interface EngineOptions {
  readonly appName: string;
  readonly appRoot: string;
  /**
   * `http://localhost:5006`, or undefined with --no-router (or before the router listens: the
   * control socket, and so the engine, comes first).
   */
  readonly routerUrl: () => string | undefined;
  /** The UI's `q`, Ctrl-C: the same as a signal to `hdev start` (the second one kills). */
  readonly requestStop: (by: string | undefined) => void;
  /** Reads the dynos' process trees; tests pass one that reads a fake process table. */
  readonly usage?: Pick<UsageSampler, 'sample'>;
  /**
   * How often usage is sampled while anyone watches (`onChange`, `watch`): reading every
   * process's /proc entries costs CPU nobody needs while only plain lines are printed. Undefined
   * (tests): only when `sampleUsage` is called.
   */
  readonly usageSampleMs: number | undefined;
}

/** The add-on servers `hdev start` runs next to the dynos (src/addons/). */
export interface AddonServers {
  snapshot(): readonly AddonSnapshot[];
  onChange(listener: () => void): () => void;
  /** Starts an add-on's server and sets its config vars; resolves with the release's description. */
  attach(name: string): Promise<string>;
  /** Unsets its config vars now; `stopServer` once the release without them is out. */
  detach(name: string): { description: string; stopServer: () => Promise<void> };
}

export interface EngineParts {
  readonly supervisor: Supervisor;
  readonly deployer: Deployer;
  readonly bus: LogBus;
  readonly addons?: AddonServers;
}

/** States in which a dyno's process may still be alive. */
const RUNNING_STATES: ReadonlySet<DynoState> = new Set(['starting', 'up', 'stopping']);

/** What the run left behind, for the summary after the terminal UI. */
export interface RunReport {
  /** Each dyno that crashed during the run, with its last lines before its last crash. */
  readonly crashes: readonly CrashReport[];
  /** Dynos whose process may still run: none after a clean shutdown. */
  readonly running: readonly string[];
}

/** The engine and what only its owner does with it. */
export interface RunningEngine extends Engine {
  /** The crashes of the run so far and the dynos still running. */
  runReport(): RunReport;
  /** Samples CPU and memory now (the timer does this every `usageSampleMs`). */
  sampleUsage(): void;
  /** Stops sampling and drops every listener: `hdev start` is over. */
  dispose(): void;
}

/**
 * An add-on change and the release it makes: the env file is written and the deploy queued in
 * the same turn, so a file watcher's deploy for the same change comes after it and finds nothing.
 */
async function addonRelease(
  parts: EngineParts,
  change: (
    addons: AddonServers,
  ) => Promise<{ description: string; stopServer?: () => Promise<void> }>,
): Promise<Release | undefined> {
  if (parts.addons === undefined) throw new HdevError('this hdev start runs no add-ons');
  const { description, stopServer } = await change(parts.addons);
  const outcome = await parts.deployer.deploy(new Set(), description);
  // A detached server stops once the dynos run without its URL (Heroku also releases first).
  await stopServer?.();
  return outcome.kind === 'released' ? outcome.release : undefined;
}

export function createEngine(parts: EngineParts, options: EngineOptions): RunningEngine {
  const { supervisor, deployer, bus } = parts;
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of [...listeners]) listener();
  };
  const sampler = options.usage ?? new UsageSampler();
  let usage = new Map<string, DynoUsage>();
  const sampleUsage = (): void => {
    usage = sampler.sample(supervisor.view(), Date.now());
    changed();
  };
  let sampling: NodeJS.Timeout | undefined;
  const stopSampling = (): void => {
    if (sampling !== undefined) clearInterval(sampling);
    sampling = undefined;
  };
  /** Samples while there are listeners, and not once the last one is gone. */
  const adjustSampling = (): void => {
    if (listeners.size === 0) stopSampling();
    else if (sampling === undefined && options.usageSampleMs !== undefined) {
      sampling = setInterval(sampleUsage, options.usageSampleMs);
      sampling.unref();
    }
  };
  const unsubscribeSupervisor = supervisor.subscribe(changed);
  const crashLog = new CrashLog();
  const unsubscribeCrashLog = bus.subscribe((batch) => crashLog.record(batch));
  const unsubscribeCrashes = supervisor.subscribe((event) => {
    if (event.type === 'state' && event.to === 'crashed') crashLog.crashed(event.dyno);
    if (event.type === 'removed') crashLog.forget(event.dyno);
  });
  const unsubscribePhase = deployer.onPhase(changed);
  const unsubscribeAddons = parts.addons?.onChange(changed);

  const dynos = (): DynoSnapshot[] => [
    ...supervisor.view().map((dyno) => formationDynoSnapshot(dyno, usage.get(dyno.name))),
    ...supervisor.oneOffs().map((oneOff) => oneOffSnapshot(oneOff, supervisor.release)),
  ];

  const snapshot = (): EngineSnapshot => {
    const list = dynos();
    return {
      appName: options.appName,
      appRoot: options.appRoot,
      release: supervisor.release,
      routerUrl: options.routerUrl(),
      formation: supervisor.formation,
      types: supervisor.formationTypes,
      dynos: list,
      addons: parts.addons?.snapshot() ?? [],
      phase: deployer.phase,
      shutdown: supervisor.shuttingDown
        ? shutdownProgress(list.filter((dyno) => !dyno.oneOff))
        : undefined,
    };
  };

  const onChange = (listener: () => void): (() => void) => {
    const own = (): void => listener();
    listeners.add(own);
    adjustSampling();
    return () => {
      listeners.delete(own);
      adjustSampling();
    };
  };

  return {
    snapshot,
    onChange,
    // Snapshots are read on demand and changes are signalled synchronously, so reading one and
    // subscribing in the same turn misses nothing.
    watch: (listener) => {
      const unsubscribe = onChange(listener);
      return { snapshot: snapshot(), unsubscribe };
    },
    logs: (listener) => bus.subscribeWithHistory(listener),
    releases: () => deployer.releases(),
    scale: async (changes): Promise<Formation> => {
      // No change asks for the formation as it is, as `heroku ps:scale` with no arguments does.
      if (changes.length === 0) return supervisor.formation;
      return supervisor.scale(changes);
    },
    restart: (target) => supervisor.restart(target),
    stop: (target) => supervisor.stop(target),
    deploy: async () => {
      // Every app file counts as changed: the deployer releases whatever differs from the
      // running release (config vars, Procfile), or nothing.
      const outcome = await deployer.deploy(new Set(deployer.appFiles));
      return outcome.kind === 'released' ? outcome.release : undefined;
    },
    rollback: (version) => deployer.rollback(version),
    deployCommit: (push) => deployer.deployCommit({ kind: 'commit', ...push }),
    releaseOutput: (version) => deployer.output(version),
    attachAddon: (name) =>
      addonRelease(parts, async (addons) => ({ description: await addons.attach(name) })),
    detachAddon: (name) => addonRelease(parts, (addons) => Promise.resolve(addons.detach(name))),
    configVars: () => deployer.configVars,
    registerOneOff: (oneOff, requestStop) => {
      const unregister = supervisor.registerOneOff(oneOff, requestStop);
      changed();
      return () => {
        unregister();
        changed();
      };
    },
    requestStop: (by) => {
      options.requestStop(by);
      changed();
    },
    sampleUsage,
    runReport: () => ({
      crashes: crashLog.reports(),
      running: dynos()
        .filter((dyno) => RUNNING_STATES.has(dyno.state))
        .map((dyno) => dyno.name),
    }),
    dispose: () => {
      stopSampling();
      unsubscribeSupervisor();
      unsubscribeCrashLog();
      unsubscribeCrashes();
      unsubscribePhase();
      unsubscribeAddons?.();
      listeners.clear();
    },
  };
}
