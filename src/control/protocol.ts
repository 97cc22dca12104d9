// The control protocol between `hdev start` and the commands that steer it (`scale`, `ps`,
// `restart`, `stop`, `logs`, and `run` registering its one-off dyno): JSON, one message per
// line, every message carrying the protocol version so that mismatched builds say so plainly.
import type { AddonSnapshot, DynoSnapshot } from '../engine/engine-api.js';
import type { LogSource } from '../logs/log-batch.js';
import type { Release } from '../domain/release.js';

export const PROTOCOL_VERSION = 1;

/** Bound on one message: a request is small; a log message carries at most a few batches. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface LogFilter {
  /** A dyno name (`web.1`). */
  readonly dyno?: string;
  /** A process type (`web`): every dyno of it. */
  readonly type?: string;
  readonly source?: LogSource;
}

export type ControlRequest =
  | { readonly command: 'hello' }
  | { readonly command: 'ps' }
  | { readonly command: 'scale'; readonly args: readonly string[] }
  | { readonly command: 'restart'; readonly target?: string }
  | { readonly command: 'stop'; readonly target: string }
  | { readonly command: 'releases' }
  /** `hdev releases:rollback [vN]`: streams the release's output, then answers the release. */
  | { readonly command: 'rollback'; readonly version?: number }
  /** `hdev releases:output vN`. */
  | { readonly command: 'release-output'; readonly version: number }
  /** `git push hdev main` while hdev start runs: streams the build, then answers the release. */
  | {
      readonly command: 'deploy-commit';
      readonly gitDir: string;
      readonly commit: string;
      readonly gitEnv: Readonly<Record<string, string>>;
    }
  /** `hdev config:set` edited an env file: release the change now (with or without --no-watch). */
  | { readonly command: 'deploy' }
  /** `hdev addons:create` / `addons:destroy` on a running app: attach or detach, with a release. */
  | { readonly command: 'attach-addon' | 'detach-addon'; readonly name: string }
  | {
      readonly command: 'logs';
      readonly lines: number;
      readonly tail: boolean;
      readonly filter: LogFilter;
    }
  /**
   * `hdev run` announces its one-off dyno; it is listed until this connection closes. The pid is
   * shown by `hdev ps`, never signalled: `hdev stop run.N` sends a `stop` event back over this
   * connection and `hdev run` stops the process it started.
   */
  | {
      readonly command: 'one-off';
      readonly name: string;
      readonly dynoCommand: string;
      readonly pid: number;
    };

/**
 * A dyno as `hdev ps` receives it: the engine's own dyno shape. In JSON an undefined field (a
 * dyno without a port, a usage not sampled yet) is left out.
 */
export type DynoInfo = DynoSnapshot;

export interface HelloResult {
  readonly pid: number;
  readonly appRoot: string;
  readonly version: string;
}

export interface PsResult {
  readonly dynos: readonly DynoInfo[];
  /** Process types in Procfile order, to group `ps` output as the Procfile does. */
  readonly types: readonly string[];
  /** The add-on servers next to the dynos (absent from an hdev start that runs none). */
  readonly addons?: readonly AddonSnapshot[];
}

export interface FormationResult {
  /** Process type → quantity, in Procfile order. */
  readonly formation: Readonly<Record<string, number>>;
}

export interface TargetsResult {
  readonly dynos: readonly string[];
}

export interface LogEntry {
  readonly time: number;
  readonly source: LogSource;
  readonly dyno: string;
  readonly line: string;
}

export interface ReleasesResult {
  readonly releases: readonly Release[];
}

/** A release's kept output (`hdev releases:output`). */
export interface ReleaseOutputResult {
  readonly output: string | undefined;
}

/** What a `deploy` request did: a new release, or nothing when nothing changed. */
export interface DeployResult {
  readonly release: Release | undefined;
}

export interface ControlError {
  readonly message: string;
  readonly hint?: string;
  /** The exit code the command should end with (2 for a usage error such as a bad scale). */
  readonly exitCode?: number;
}

export type ControlReply =
  | { readonly v: number; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly v: number; readonly id: number; readonly ok: false; readonly error: ControlError }
  /** Streamed before the final reply (or forever, for `logs --tail`). */
  | {
      readonly v: number;
      readonly id: number;
      readonly event: 'log';
      readonly entries: LogEntry[];
    }
  /** To a registered one-off's `hdev run`: `hdev stop run.N` asked to stop its process. */
  | { readonly v: number; readonly id: number; readonly event: 'stop' };

export type Validated<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ControlError };

const fail = (message: string, hint?: string): Validated<never> => ({
  ok: false,
  error: hint === undefined ? { message } : { message, hint },
});

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown): value is string | undefined =>
  value === undefined || typeof value === 'string';

function validateLogs(fields: Fields): Validated<ControlRequest> {
  const { lines, tail, filter } = fields;
  if (typeof lines !== 'number' || !Number.isInteger(lines) || lines < 0 || lines > 1_000_000)
    return fail('logs: `lines` must be a whole number from 0 to 1,000,000');
  if (typeof tail !== 'boolean') return fail('logs: `tail` must be true or false');
  if (!isObject(filter)) return fail('logs: `filter` must be an object');
  const { dyno, type, source } = filter;
  if (!optionalString(dyno) || !optionalString(type))
    return fail('logs: `filter.dyno` and `filter.type` must be strings');
  if (source !== undefined && source !== 'app' && source !== 'heroku')
    return fail('logs: `filter.source` must be `app` or `heroku`');
  return {
    ok: true,
    value: { command: 'logs', lines, tail, filter: { dyno, type, source } },
  };
}

const isVersion = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;

function validateVersion(
  command: 'rollback' | 'release-output',
  version: unknown,
): Validated<ControlRequest> {
  if (command === 'rollback' && version === undefined) return { ok: true, value: { command } };
  if (!isVersion(version)) return fail(`${command}: \`version\` must be a release number`);
  return { ok: true, value: { command, version } };
}

function validateDeployCommit(fields: Fields): Validated<ControlRequest> {
  const { gitDir, commit, gitEnv } = fields;
  if (typeof gitDir !== 'string' || !gitDir.startsWith('/'))
    return fail('deploy-commit: `gitDir` must be an absolute path');
  if (typeof commit !== 'string' || !/^[0-9a-f]{40,64}$/.test(commit))
    return fail('deploy-commit: `commit` must be a full commit id');
  if (!isObject(gitEnv) || !Object.values(gitEnv).every((value) => typeof value === 'string'))
    return fail('deploy-commit: `gitEnv` must map names to strings');
  return {
    ok: true,
    value: { command: 'deploy-commit', gitDir, commit, gitEnv: gitEnv as Record<string, string> },
  };
}

function validateFields(command: string, fields: Fields): Validated<ControlRequest> {
  switch (command) {
    case 'hello':
    case 'ps':
    case 'releases':
    case 'deploy':
      return { ok: true, value: { command } };
    case 'scale': {
      const { args } = fields;
      if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string'))
        return fail('scale: `args` must be a list of strings');
      return { ok: true, value: { command, args } };
    }
    case 'restart':
      if (!optionalString(fields.target)) return fail('restart: `target` must be a string');
      return {
        ok: true,
        value: fields.target === undefined ? { command } : { command, target: fields.target },
      };
    case 'stop':
      if (typeof fields.target !== 'string') return fail('stop: `target` must be a string');
      return { ok: true, value: { command, target: fields.target } };
    case 'rollback':
    case 'release-output':
      return validateVersion(command, fields.version);
    case 'deploy-commit':
      return validateDeployCommit(fields);
    case 'attach-addon':
    case 'detach-addon':
      if (typeof fields.name !== 'string' || fields.name === '')
        return fail(`${command}: \`name\` must be an add-on's name`);
      return { ok: true, value: { command, name: fields.name } };
    case 'logs':
      return validateLogs(fields);
    case 'one-off': {
      const { name, dynoCommand, pid } = fields;
      if (typeof name !== 'string' || typeof dynoCommand !== 'string')
        return fail('one-off: `name` and `dynoCommand` must be strings');
      if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0)
        return fail('one-off: `pid` must be a process id');
      return { ok: true, value: { command, name, dynoCommand, pid } };
    }
    default:
      return fail(
        `unknown command \`${command}\``,
        'Are `hdev start` and this hdev the same version?',
      );
  }
}

/** Parses and checks one request line: `{"v":1,"id":7,"command":"ps"}`. */
export function parseRequest(line: string): Validated<{ id: number; request: ControlRequest }> {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return fail('a control message is not valid JSON');
  }
  if (!isObject(message)) return fail('a control message must be a JSON object');
  const { v, id, command } = message;
  if (v !== PROTOCOL_VERSION) {
    return fail(
      `this hdev start speaks control protocol v${PROTOCOL_VERSION}, the command v${String(v)}`,
      'Use the same hdev build for `hdev start` and the other commands.',
    );
  }
  if (typeof id !== 'number' || !Number.isInteger(id))
    return fail('a control message needs a whole-number `id`');
  if (typeof command !== 'string') return fail('a control message needs a `command`');
  const request = validateFields(command, message);
  return request.ok ? { ok: true, value: { id, request: request.value } } : request;
}

/** Parses one reply line; undefined for anything that is not a reply of this version. */
export function parseReply(line: string): ControlReply | undefined {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(message) || message.v !== PROTOCOL_VERSION || typeof message.id !== 'number')
    return undefined;
  if (message.ok === true && 'result' in message) return message as ControlReply;
  if (message.ok === false && isObject(message.error) && typeof message.error.message === 'string')
    return message as ControlReply;
  if (message.event === 'log' && Array.isArray(message.entries)) return message as ControlReply;
  if (message.event === 'stop') return message as ControlReply;
  return undefined;
}

export function encode(message: Fields): string {
  return `${JSON.stringify({ v: PROTOCOL_VERSION, ...message })}\n`;
}
