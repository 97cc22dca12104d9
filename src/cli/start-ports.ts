// The ports `hdev start` will ask for, checked before anything binds or prints.
import { RELEASE_PROCESS_TYPE, type AppSpec } from '../domain/app-spec.js';
import type { Formation } from '../domain/formation.js';
import { portRoomProblem } from '../domain/ports.js';
import { HdevError } from '../errors.js';

/** Refuses a base port whose dyno ports would pass 65535 (`-p 65535` with the router on it). */
export function checkPortRoom(
  basePort: number,
  withRouter: boolean,
  app: AppSpec,
  formation: Formation,
): void {
  const types = app.procfile.types
    .map((type) => type.name)
    .filter((name) => name !== RELEASE_PROCESS_TYPE);
  const problem = portRoomProblem(basePort, withRouter, types, formation);
  if (problem === undefined) return;
  const layout = withRouter
    ? 'the router takes the base port, web.1 the next one'
    : 'web.1 takes the base port';
  throw new HdevError(`--port: ${problem.message}`, {
    hint: `Pass -p ${problem.highestBase} or lower: ${layout}, and each process type 100 more.`,
  });
}
