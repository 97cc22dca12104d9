// The dashboard's JSON API: the buttons of the dyno table, releases and config vars. Each call
// is one typed command of the engine; nothing here knows about processes.
import type { IncomingMessage } from 'node:http';
import { configKeyProblem, configValueProblem } from '../config/env-editor.js';
import type { ScaleChange } from '../domain/scale.js';
import type { Engine } from '../engine/engine-api.js';
import { HdevError } from '../errors.js';

/** Config vars as `config`, `config:set` and `config:unset` read and write them. */
export interface ConfigAccess {
  read(): Readonly<Record<string, string>>;
  /** Edits the env file under its lock; throws HdevError on a problem. */
  set(vars: ReadonlyMap<string, string>): void;
  unset(keys: readonly string[]): void;
}

export interface ApiReply {
  readonly status: number;
  readonly body: unknown;
}

/** Config edits and scale requests are small; anything larger is refused unread. */
export const MAX_BODY_BYTES = 64 * 1024;

export async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HdevError('request body too large');
    chunks.push(chunk);
  }
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new HdevError('expected a JSON object');
  return parsed as Record<string, unknown>;
}

function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function scaleChange(body: Record<string, unknown>): ScaleChange {
  const type = text(body, 'type');
  const op = body.op;
  const amount = body.amount;
  if (
    type === undefined ||
    (op !== '+' && op !== '-' && op !== '=') ||
    typeof amount !== 'number' ||
    !Number.isInteger(amount) ||
    amount < 0
  )
    throw new HdevError('expected {type, op: "+" | "-" | "=", amount}');
  return { type, op, amount };
}

function configEdit(body: Record<string, unknown>): {
  set: Map<string, string>;
  unset: string[];
} {
  const set = new Map<string, string>();
  const rawSet = body.set;
  if (typeof rawSet === 'object' && rawSet !== null) {
    for (const [key, value] of Object.entries(rawSet as Record<string, unknown>)) {
      if (typeof value !== 'string') throw new HdevError(`${key}: the value must be a string`);
      const problem = configKeyProblem(key) ?? configValueProblem(value);
      if (problem !== undefined) throw new HdevError(problem);
      set.set(key, value);
    }
  }
  const unset = Array.isArray(body.unset)
    ? body.unset.filter((key) => typeof key === 'string')
    : [];
  for (const key of unset) {
    const problem = configKeyProblem(key);
    if (problem !== undefined) throw new HdevError(problem);
  }
  if (set.size === 0 && unset.length === 0) throw new HdevError('nothing to set or unset');
  return { set, unset };
}

/** Answers `method path`; undefined when no API route matches. */
export async function answerApi(
  method: string,
  path: string,
  body: () => Promise<Record<string, unknown>>,
  engine: Engine,
  config: ConfigAccess,
): Promise<ApiReply | undefined> {
  const route = `${method} ${path}`;
  try {
    switch (route) {
      case 'GET /api/releases':
        return { status: 200, body: { releases: engine.releases() } };
      case 'GET /api/config':
        // Keys only: a value is fetched when the user clicks to reveal it.
        return { status: 200, body: { keys: Object.keys(config.read()) } };
      case 'POST /api/config/value': {
        const key = text(await body(), 'key') ?? '';
        return { status: 200, body: { key, value: config.read()[key] ?? null } };
      }
      case 'POST /api/config': {
        const edit = configEdit(await body());
        if (edit.set.size > 0) config.set(edit.set);
        if (edit.unset.length > 0) config.unset(edit.unset);
        // The same as `config:set` with hdev start running: a release, then a restart.
        const release = await engine.deploy();
        return { status: 200, body: { release: release ?? null } };
      }
      case 'POST /api/scale': {
        const formation = await engine.scale([scaleChange(await body())]);
        return { status: 200, body: { formation: [...formation] } };
      }
      case 'POST /api/restart':
        return { status: 200, body: { dynos: await engine.restart(text(await body(), 'target')) } };
      case 'POST /api/stop': {
        const target = text(await body(), 'target');
        if (target === undefined) throw new HdevError('expected {target}');
        return { status: 200, body: { dynos: await engine.stop(target) } };
      }
      default:
        return undefined;
    }
  } catch (error) {
    if (error instanceof HdevError)
      return { status: 400, body: { error: error.message, hint: error.hint ?? null } };
    if (error instanceof SyntaxError) return { status: 400, body: { error: 'invalid JSON' } };
    throw error;
  }
}
