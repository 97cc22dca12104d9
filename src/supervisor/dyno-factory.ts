// Makes the supervisor's dynos: a spec (name, command, PORT, the dyno's environment) and a Dyno
// wired to the supervisor's seams and events.
import type { ProcessType } from '../domain/app-spec.js';
import { buildDynoEnv } from '../domain/dyno-env.js';
import type { DynoSpec } from './dyno.js';
import { Dyno } from './dyno.js';
import type { DynoPorts } from './dyno-ports.js';
import type { SupervisorConfig, SupervisorDeps, SupervisorEvent } from './supervisor-types.js';

export interface DynoFactoryDeps extends SupervisorDeps {
  readonly ports: DynoPorts;
  readonly runId: string;
  readonly shuttingDown: () => boolean;
  readonly emit: (event: SupervisorEvent) => void;
}

export class DynoFactory {
  constructor(
    private readonly config: SupervisorConfig,
    private readonly deps: DynoFactoryDeps,
  ) {}

  spec(
    name: string,
    type: Pick<ProcessType, 'name' | 'command'>,
    port: number,
    options: {
      readonly oneOff: boolean;
      readonly configVars: Readonly<Record<string, string>>;
      /** The release's slug; default the app root. */
      readonly dir?: string | undefined;
    },
  ): DynoSpec {
    return {
      name,
      type: type.name,
      command: type.command,
      port,
      env: buildDynoEnv(this.config.shellEnv, options.configVars, { dyno: name, port }),
      cwd: options.dir ?? this.config.root,
      oneOff: options.oneOff,
    };
  }

  create(spec: DynoSpec): Dyno {
    const { deps, config } = this;
    return new Dyno(spec, {
      bus: deps.bus,
      clock: deps.clock,
      spawner: deps.spawner,
      processes: deps.processes,
      ports: deps.ports,
      runId: deps.runId,
      ...(deps.groups === undefined ? {} : { groups: deps.groups }),
      timings: config.timings,
      restartPolicy: config.restartPolicy,
      shouldRestart: () => !deps.shuttingDown() && !config.exitOnCrash,
      onStateChange: (dyno, from, to) => deps.emit({ type: 'state', dyno: dyno.name, from, to }),
      onExit: (dyno, exit) => {
        // foreman's --exit-on-crash: a formation dyno that exits on its own stops the app.
        const crashed = !dyno.spec.oneOff && dyno.state !== 'stopping';
        if (crashed && config.exitOnCrash && !deps.shuttingDown())
          deps.emit({ type: 'exit-requested', dyno: dyno.name, status: exit.status });
      },
    });
  }
}
