// A stand-in Engine over the supervisor, deployer and log bus of `hdev start`, until the
// engine itself (engine/engine-api.ts) is built: the dashboard speaks to the Engine interface
// only, and this file goes away when `hdev start` has its engine.
import type { Engine, EngineSnapshot } from '../engine/engine-api.js';
import type { LogBus } from '../logs/log-bus.js';
import type { Deployer } from '../releases/deployer.js';
import type { DynoUsage } from '../supervisor/dyno-usage.js';
import { UsageSampler } from '../supervisor/dyno-usage.js';
import type { Supervisor } from '../supervisor/supervisor.js';

const USAGE_SAMPLE_MS = 2_000;

export interface TemporaryEngineSettings {
  readonly appName: string;
  readonly appRoot: string;
  readonly routerUrl: string | undefined;
  /** The config vars a one-off gets now. */
  readonly configVars: () => Readonly<Record<string, string>>;
  readonly requestStop: () => void;
}

export function createTemporaryEngine(
  parts: { readonly supervisor: Supervisor; readonly deployer: Deployer; readonly bus: LogBus },
  settings: TemporaryEngineSettings,
): Engine & { dispose(): void } {
  const { supervisor, deployer, bus } = parts;
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of listeners) listener();
  };
  let usage = new Map<string, DynoUsage>();
  const sampler = new UsageSampler();
  const sampling = setInterval(() => {
    usage = sampler.sample(supervisor.view(), Date.now());
    changed();
  }, USAGE_SAMPLE_MS);
  sampling.unref();
  const unsubscribe = supervisor.subscribe(changed);
  const unsubscribePhase = deployer.onPhase(changed);

  const snapshot = (): EngineSnapshot => {
    const formation = supervisor.view().map((dyno) => ({
      name: dyno.name,
      type: dyno.type,
      command: dyno.command,
      state: dyno.state,
      stateSince: dyno.stateSince,
      port: dyno.port,
      pid: dyno.pid,
      restarts: dyno.restarts,
      release: dyno.release,
      oneOff: false,
      cpuPercent: usage.get(dyno.name)?.cpuPercent,
      memoryBytes: usage.get(dyno.name)?.memoryBytes,
    }));
    const oneOffs = supervisor.oneOffs().map((oneOff) => ({
      name: oneOff.name,
      type: 'run',
      command: oneOff.command,
      state: 'up' as const,
      stateSince: oneOff.since,
      port: undefined,
      pid: oneOff.pid,
      restarts: 0,
      release: supervisor.release,
      oneOff: true,
      cpuPercent: undefined,
      memoryBytes: undefined,
    }));
    return {
      appName: settings.appName,
      appRoot: settings.appRoot,
      release: supervisor.release,
      routerUrl: settings.routerUrl,
      formation: supervisor.formation,
      types: supervisor.formationTypes,
      dynos: [...formation, ...oneOffs],
      addons: [],
      phase: deployer.phase,
      shutdown: supervisor.shuttingDown ? 'stopping…' : undefined,
    };
  };

  return {
    snapshot,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    logs(listener) {
      // Subscribed before the history is read: nothing published in between is lost.
      const unsubscribeLogs = bus.subscribe(listener);
      return { history: bus.history(), unsubscribe: unsubscribeLogs };
    },
    releases: () => deployer.releases(),
    scale: (changes) =>
      supervisor.scale(changes.map((change) => `${change.type}${change.op}${change.amount}`)),
    restart: (target) => supervisor.restart(target),
    stop: (target) => supervisor.stop(target),
    async deploy() {
      const outcome = await deployer.deploy(new Set(deployer.appFiles));
      return outcome.kind === 'released' ? outcome.release : undefined;
    },
    configVars: settings.configVars,
    registerOneOff(oneOff, requestStop) {
      const withdraw = supervisor.registerOneOff(oneOff, requestStop);
      changed();
      return () => {
        withdraw();
        changed();
      };
    },
    requestStop: settings.requestStop,
    dispose() {
      clearInterval(sampling);
      unsubscribe();
      unsubscribePhase();
      listeners.clear();
    },
  };
}
