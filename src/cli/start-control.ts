// Opens the control socket for `hdev start`, answering the other commands from the supervisor.
import type { ControlHandlers } from '../control/server.js';
import { ControlServer } from '../control/server.js';
import { currentUid } from '../control/socket-path.js';
import type { DynoInfo, FormationResult } from '../control/protocol.js';
import type { Formation } from '../domain/formation.js';
import type { LogBus } from '../logs/log-bus.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { scaleChanges } from './scale-args.js';
import type { Deployer } from '../releases/deployer.js';
import { systemClock } from '../time/clock.js';
import { stopLeftovers } from '../supervisor/leftovers.js';

export function formationRecord(formation: Formation): FormationResult {
  return { formation: Object.fromEntries(formation) };
}

function dynoInfos(supervisor: Supervisor): DynoInfo[] {
  const formation = supervisor.view().map((dyno) => ({ ...dyno, oneOff: false }));
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
  }));
  return [...oneOffs, ...formation];
}

export function controlHandlers(
  supervisor: Supervisor,
  deployer: Deployer,
  identity: { readonly appRoot: string; readonly version: string },
): ControlHandlers {
  return {
    releases: () => ({ releases: deployer.releases() }),
    deploy: async () => {
      const outcome = await deployer.deploy(new Set(deployer.appFiles));
      return { release: outcome.kind === 'released' ? outcome.release : undefined };
    },
    hello: () => ({ pid: process.pid, ...identity }),
    ps: () => ({ dynos: dynoInfos(supervisor), types: supervisor.formationTypes }),
    scale: async (args) => formationRecord(await supervisor.scale(scaleChanges(args))),
    restart: async (target) => ({ dynos: await supervisor.restart(target) }),
    stop: async (target) => ({ dynos: await supervisor.stop(target) }),
    registerOneOff: (oneOff, requestStop) => supervisor.registerOneOff(oneOff, requestStop),
  };
}

/**
 * Takes the app's control socket, then stops whatever an earlier `hdev start` here left running
 * when it was killed (its watchdog normally has), before any dyno of this one starts.
 */
export async function startControl(
  socketPath: string,
  engine: { readonly supervisor: Supervisor; readonly deployer: Deployer; readonly bus: LogBus },
  identity: { readonly appRoot: string; readonly version: string },
  stopTimeoutMs: number,
): Promise<ControlServer> {
  const handlers = controlHandlers(engine.supervisor, engine.deployer, identity);
  const server = new ControlServer(socketPath, handlers, engine.bus);
  const previous = await server.listen(currentUid(), {
    runId: engine.supervisor.runId,
    appRoot: identity.appRoot,
  });
  if (previous !== undefined) {
    const stopped = await stopLeftovers(previous.runId, stopTimeoutMs, systemClock);
    if (stopped > 0)
      process.stderr.write(
        `hdev: stopped ${stopped} process${stopped === 1 ? '' : 'es'} left running by an earlier hdev start (pid ${previous.pid}) that was killed\n`,
      );
  }
  return server;
}
