// The terminal UI's view of `hdev start`: snapshots of the supervisor with each dyno's CPU and
// memory, the log bus, and the commands behind the UI's keys. The UI holds no process logic.
import { scaledMessage } from '../domain/scale.js';
import { HdevError } from '../errors.js';
import type { LogBus } from '../logs/log-bus.js';
import type { DynoUsage } from '../supervisor/dyno-usage.js';
import { UsageSampler } from '../supervisor/dyno-usage.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import type { Deployer } from '../releases/deployer.js';
import type { UiDyno, UiEngine, UiSnapshot } from '../ui/engine.js';

/** How often the dyno table's CPU and memory figures are refreshed. */
export const USAGE_SAMPLE_MS = 2_000;

export interface TuiEngineOptions {
  readonly appName: string;
  readonly routerUrl: string | undefined;
  /** `q` or Ctrl-C in the UI: the same as a signal to `hdev start` (the second one kills). */
  readonly requestStop: () => void;
}

export interface TuiEngine extends UiEngine {
  /** Stops sampling; the UI is gone. */
  dispose(): void;
}

const STOPPED_STATES = new Set(['down', 'crashed', 'complete']);

export function createTuiEngine(
  supervisor: Supervisor,
  deployer: Deployer,
  bus: LogBus,
  options: TuiEngineOptions,
): TuiEngine {
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of listeners) listener();
  };
  let notice: string | undefined;
  let usage = new Map<string, DynoUsage>();
  const sampler = new UsageSampler();
  const sample = (): void => {
    usage = sampler.sample(supervisor.view(), Date.now());
    changed();
  };
  const sampling = setInterval(sample, USAGE_SAMPLE_MS);
  sampling.unref();
  const unsubscribe = supervisor.subscribe(changed);
  const unsubscribePhase = deployer.onPhase(changed);

  const report = (outcome: Promise<string>): void => {
    outcome
      .then((message) => (notice = message))
      .catch((error: unknown) => {
        notice = error instanceof HdevError ? error.message : `failed: ${String(error)}`;
      })
      .finally(changed);
  };

  const dynos = (): UiDyno[] =>
    supervisor.view().map((dyno) => ({
      name: dyno.name,
      type: dyno.type,
      state: dyno.state,
      stateSince: dyno.stateSince,
      port: dyno.port,
      pid: dyno.pid,
      restarts: dyno.restarts,
      cpuPercent: usage.get(dyno.name)?.cpuPercent,
      memoryBytes: usage.get(dyno.name)?.memoryBytes,
    }));

  const shutdownText = (list: readonly UiDyno[]): string | undefined => {
    if (!supervisor.shuttingDown) return undefined;
    const left = list.filter((dyno) => !STOPPED_STATES.has(dyno.state)).length;
    return left === 0 ? 'every dyno stopped' : `stopping ${left} dyno${left === 1 ? '' : 's'}…`;
  };

  return {
    snapshot(): UiSnapshot {
      const list = dynos();
      return {
        appName: options.appName,
        release: supervisor.release,
        routerUrl: options.routerUrl,
        formation: supervisor.formation,
        dynos: list,
        shutdown: shutdownText(list),
        // A deploy in progress (build, release phase, rollout) shows until it is done.
        notice: deployer.phase ?? notice,
      };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLog: (listener) => bus.subscribe(listener),
    logHistory: () => bus.history(),
    scale(type, delta) {
      const change = { type, op: delta < 0 ? '-' : '+', amount: Math.abs(delta) } as const;
      report(supervisor.scale([change]).then(scaledMessage));
    },
    restart(target) {
      report(supervisor.restart(target).then((names) => `Restarted ${names.join(', ')}`));
    },
    stop(target) {
      report(supervisor.stop(target).then((names) => `Stopped ${names.join(', ')}`));
    },
    quit() {
      options.requestStop();
      changed();
    },
    dispose() {
      clearInterval(sampling);
      unsubscribe();
      unsubscribePhase();
      listeners.clear();
    },
  };
}
