// Opens the control socket for `hdev start`, answering the other commands from its engine.
import { ControlServer } from '../control/server.js';
import type { ControlIdentity } from '../control/engine-answers.js';
import { currentUid } from '../control/socket-path.js';
import type { Engine } from '../engine/engine-api.js';
import { systemClock } from '../time/clock.js';
import { stopLeftovers } from '../supervisor/leftovers.js';

/**
 * Takes the app's control socket, then stops whatever an earlier `hdev start` here left running
 * when it was killed (its watchdog normally has), before any dyno of this one starts.
 */
export async function startControl(
  socketPath: string,
  engine: Engine,
  identity: ControlIdentity & { readonly runId: string },
  stopTimeoutMs: number,
): Promise<ControlServer> {
  const server = new ControlServer(socketPath, engine, {
    appRoot: identity.appRoot,
    version: identity.version,
  });
  const previous = await server.listen(currentUid(), {
    runId: identity.runId,
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
