// Supervisor scenarios in honcho's style: a fake process table, a fake clock and fake ports, and
// one history of what happened (`start web.1 :5001`, `TERM web.1 :5001`, `web.1 starting->up`)
// that a test compares with the history it expects.
import type { AppSpec, ProcessType } from '../../src/domain/app-spec.js';
import type { Formation } from '../../src/domain/formation.js';
import { DEFAULT_RESTART_POLICY } from '../../src/domain/restart-policy.js';
import { LogBus } from '../../src/logs/log-bus.js';
import type { DeployerOptions } from '../../src/releases/deployer.js';
import { Deployer } from '../../src/releases/deployer.js';
import type { DynoIdentity } from '../../src/supervisor/process-group.js';
import type { Spawner } from '../../src/supervisor/spawner.js';
import { Supervisor } from '../../src/supervisor/supervisor.js';
import { FakeClock, flushMicrotasks } from './fake-clock.js';
import type { FakeChild } from './fake-processes.js';
import { FakeProcesses } from './fake-processes.js';
import { FakePorts } from './fake-ports.js';

export const BASE_PORT = 5000;
export const BOOT_TIMEOUT_MS = 60_000;
export const STOP_TIMEOUT_MS = 30_000;

/** A fake process table that writes every start and signal into the scenario's history. */
class ScriptedProcesses extends FakeProcesses {
  constructor(private readonly history: string[]) {
    super();
  }

  /** `web.1 :5001`, the dyno and PORT of the process group `pgid`. */
  describe(pgid: number): string {
    const child = this.children.find((candidate) => candidate.pid === pgid);
    return `${child?.request.env.DYNO ?? '?'} :${child?.request.env.PORT ?? '?'}`;
  }

  override signalDyno(dyno: DynoIdentity, signal: NodeJS.Signals): number[] {
    if (this.groupIsAlive(dyno.pgid))
      this.history.push(`${signal.replace('SIG', '')} ${this.describe(dyno.pgid)}`);
    return super.signalDyno(dyno, signal);
  }

  override killDyno(dyno: DynoIdentity): void {
    if (this.groupIsAlive(dyno.pgid)) this.history.push(`KILL ${this.describe(dyno.pgid)}`);
    super.killDyno(dyno);
  }
}

export interface ScenarioOptions {
  readonly types: readonly ProcessType[];
  readonly formation: Formation;
  /** Web dynos answer on their PORT as soon as they boot (default true). */
  readonly bindAtOnce?: boolean;
  readonly preboot?: boolean;
  /** Deployer options on top of the scenario's (a slug store, a ledger, another loadApp). */
  readonly deployer?: Partial<DeployerOptions>;
  /** The app as the deployer first reads it (default: the types, no config vars). */
  readonly app?: AppSpec;
}

export function type(name: string, command = `run-${name}`): ProcessType {
  return { name, command, line: 1 };
}

export function appSpec(types: readonly ProcessType[]): AppSpec {
  return {
    root: '/app',
    name: 'app',
    procfilePath: '/app/Procfile',
    procfile: { types: [...types] },
    envFiles: ['/app/.env'],
    configVars: { values: {}, origins: {} },
    appJson: undefined,
    diagnostics: [],
  };
}

export function scenario(options: ScenarioOptions) {
  const history: string[] = [];
  const clock = new FakeClock();
  const processes = new ScriptedProcesses(history);
  const ports = new FakePorts();
  ports.bindAtOnce = options.bindAtOnce ?? true;
  const bus = new LogBus();
  const spawner: Spawner = (request) => {
    const handle = processes.spawner(request);
    history.push(`start ${request.env.DYNO ?? '?'} :${request.env.PORT ?? '?'}`);
    void handle.exited.then(() => ports.release(Number(request.env.PORT)));
    return handle;
  };
  const supervisor = new Supervisor(
    {
      root: '/app',
      processTypes: options.types,
      configVars: {},
      shellEnv: {},
      formation: options.formation,
      basePort: BASE_PORT,
      timings: { bootTimeoutMs: BOOT_TIMEOUT_MS, stopTimeoutMs: STOP_TIMEOUT_MS },
      restartPolicy: DEFAULT_RESTART_POLICY,
      exitOnCrash: false,
    },
    { bus, clock, spawner, processes, ports },
  );
  supervisor.subscribe((event) => {
    if (event.type === 'state') history.push(`${event.dyno} ${event.from}->${event.to}`);
    if (event.type === 'removed') history.push(`removed ${event.dyno}`);
  });
  const app = options.app ?? appSpec(options.types);
  const deployer = new Deployer(
    app,
    {
      root: '/app',
      loadApp: () => app,
      buildCommand: undefined,
      preboot: options.preboot ?? false,
      ...options.deployer,
    },
    { supervisor, bus, clock },
  );
  /** The live process of the dyno `name` (the newest one of that name). */
  const child = (name: string): FakeChild | undefined =>
    processes.children.findLast(
      (candidate) => candidate.alive && candidate.request.env.DYNO === name,
    );
  /** Lets exits drain and timers due within `ms` run. */
  const settle = async (ms = 200): Promise<void> => {
    await clock.advance(ms);
    await flushMicrotasks();
  };
  /** The history entries that match `pattern`, in order. */
  const only = (pattern: RegExp): string[] => history.filter((entry) => pattern.test(entry));
  return { history, clock, processes, ports, bus, supervisor, deployer, child, settle, only };
}
