// What `hdev start` answers on its control socket, read from its engine. The user's syntax
// (`web=2 worker+1`) is parsed here, at the protocol's edge; the engine takes typed changes.
import type { Engine } from '../engine/engine-api.js';
import type { Formation } from '../domain/formation.js';
import { parseScaleArgs } from '../domain/scale.js';
import { HdevError } from '../errors.js';
import type {
  ControlRequest,
  DeployResult,
  FormationResult,
  HelloResult,
  PsResult,
  ReleaseOutputResult,
  ReleasesResult,
  TargetsResult,
} from './protocol.js';

/** Who answers: `hello`'s reply, less the pid (always this process's). */
export interface ControlIdentity {
  readonly appRoot: string;
  readonly version: string;
}

/** The requests answered with one reply; `logs` and `one-off` stay open and live in server.ts. */
export type AnsweredRequest = Exclude<
  ControlRequest,
  { command: 'logs' | 'one-off' | 'rollback' | 'deploy-commit' }
>;

export type ControlAnswer =
  | HelloResult
  | PsResult
  | FormationResult
  | TargetsResult
  | ReleasesResult
  | ReleaseOutputResult
  | DeployResult;

export function formationRecord(formation: Formation): FormationResult {
  return { formation: Object.fromEntries(formation) };
}

export function psResult(engine: Pick<Engine, 'snapshot'>): PsResult {
  const { dynos, types, addons } = engine.snapshot();
  return { dynos, types, addons };
}

async function scale(engine: Engine, args: readonly string[]): Promise<FormationResult> {
  const parsed = parseScaleArgs(args);
  if (!parsed.ok) throw new HdevError(parsed.message, { hint: parsed.hint });
  return formationRecord(await engine.scale(parsed.changes));
}

export async function answer(
  engine: Engine,
  identity: ControlIdentity,
  request: AnsweredRequest,
): Promise<ControlAnswer> {
  switch (request.command) {
    case 'hello':
      return { pid: process.pid, ...identity };
    case 'ps':
      return psResult(engine);
    case 'scale':
      return scale(engine, request.args);
    case 'restart':
      return { dynos: await engine.restart(request.target) };
    case 'stop':
      return { dynos: await engine.stop(request.target) };
    case 'releases':
      return { releases: engine.releases() };
    case 'release-output':
      return { output: engine.releaseOutput(request.version) };
    case 'deploy':
      return { release: await engine.deploy() };
    case 'attach-addon':
      return { release: await engine.attachAddon(request.name) };
    case 'detach-addon':
      return { release: await engine.detachAddon(request.name) };
  }
}
