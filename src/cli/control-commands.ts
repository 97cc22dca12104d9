// `hdev ps`, `scale`, `restart`, `stop` and `logs`: thin clients of the control socket of the
// `hdev start` running for an app. They print; the running engine decides.
import { resolve } from 'node:path';
import { sendRequest, type ClientOptions } from '../control/client.js';
import type {
  ControlRequest,
  DynoInfo,
  FormationResult,
  LogEntry,
  LogFilter,
  PsResult,
  TargetsResult,
} from '../control/protocol.js';
import { appSocketPath } from '../control/socket-path.js';
import { displayPath } from '../config/load-app.js';
import { formatFormation, scaleSummary } from '../domain/scale.js';
import { HdevError } from '../errors.js';
import type { LogFormat } from '../logs/formatters.js';
import { createFormatter } from '../logs/formatters.js';
import { formatPs, localUtcOffsetMinutes } from '../output/ps-format.js';
import { shouldUseColor } from './color.js';
import type { ShutdownSignals } from './signals.js';

export interface ControlLocation {
  readonly appDir?: string;
}

function request(
  location: ControlLocation,
  message: ControlRequest,
  extra: Pick<ClientOptions, 'onLog' | 'signal'> = {},
): Promise<unknown> {
  const appDir = resolve(location.appDir ?? '.');
  const path = appSocketPath(appDir);
  return sendRequest(path, message, { appLabel: displayPath(appDir), ...extra });
}

const toFormation = (result: FormationResult): Map<string, number> =>
  new Map(Object.entries(result.formation));

export async function runScale(
  location: ControlLocation,
  args: readonly string[],
): Promise<number> {
  const result = (await request(location, { command: 'scale', args })) as FormationResult;
  const formation = toFormation(result);
  process.stdout.write(
    args.length === 0
      ? `${formatFormation(formation)}\n`
      : `Scaling dynos... done, ${scaleSummary(formation)}\n`,
  );
  return 0;
}

export async function runPs(
  location: ControlLocation,
  types: readonly string[],
  json: boolean,
): Promise<number> {
  const result = (await request(location, { command: 'ps' })) as PsResult;
  const dynos = result.dynos.filter((dyno) => types.length === 0 || types.includes(dyno.type));
  if (types.length > 0 && dynos.length === 0) {
    throw new HdevError(`no ${types.join(' or ')} dynos on this app`, {
      hint: `Process types: ${result.types.join(', ')}.`,
      exitCode: 1,
    });
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(dynos.map(psJson), null, 2)}\n`);
    return 0;
  }
  const now = Date.now();
  process.stdout.write(formatPs(dynos, now, localUtcOffsetMinutes(now), result.types));
  return 0;
}

/** `hdev ps --json`: Heroku's dyno fields where they exist, plus what a local dyno adds. */
function psJson(dyno: DynoInfo): Record<string, unknown> {
  return {
    name: dyno.name,
    type: dyno.type,
    command: dyno.command,
    state: dyno.state,
    updated_at: new Date(dyno.stateSince).toISOString(),
    release: { version: dyno.release },
    port: dyno.port ?? null,
    pid: dyno.pid ?? null,
    restarts: dyno.restarts,
    one_off: dyno.oneOff,
  };
}

export async function runRestart(
  location: ControlLocation,
  target: string | undefined,
): Promise<number> {
  const result = (await request(
    location,
    target === undefined ? { command: 'restart' } : { command: 'restart', target },
  )) as TargetsResult;
  process.stdout.write(`Restarting ${result.dynos.join(', ') || 'no dynos'}... done\n`);
  return 0;
}

export async function runStop(location: ControlLocation, target: string): Promise<number> {
  const result = (await request(location, { command: 'stop', target })) as TargetsResult;
  process.stdout.write(`Stopping ${result.dynos.join(', ')}... done\n`);
  return 0;
}

export interface LogsOptions {
  readonly lines: number;
  readonly tail: boolean;
  readonly filter: LogFilter;
  readonly format: LogFormat;
}

/** Settles once `stream` takes data again, or is gone (`hdev logs -t | head`). */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const settle = (): void => {
      for (const event of ['drain', 'error', 'close']) stream.removeListener(event, settle);
      resolve();
    };
    for (const event of ['drain', 'error', 'close']) stream.once(event, settle);
  });
}

/** foreman pads names to line up; the width is fixed from the history (at least 6). */
function nameWidthOf(entries: readonly LogEntry[]): number {
  return Math.max(6, ...entries.map((entry) => entry.dyno.length));
}

export async function runLogs(
  location: ControlLocation,
  options: LogsOptions,
  signals: ShutdownSignals,
): Promise<number> {
  let format: ReturnType<typeof createFormatter> | undefined;
  const print = (entries: readonly LogEntry[]): Promise<void> | undefined => {
    format ??= createFormatter({
      format: options.format,
      color: shouldUseColor(process.stdout, process.env),
      nameWidth: nameWidthOf(entries),
    });
    const formatter = format;
    const chunks = entries.map((entry) =>
      formatter({
        time: entry.time,
        source: entry.source,
        dyno: entry.dyno,
        data: Buffer.from(`${entry.line}\n`),
        lineCount: 1,
      }),
    );
    return process.stdout.write(Buffer.concat(chunks)) ? undefined : drained(process.stdout);
  };
  const interrupted = new AbortController();
  const stopListening = signals.listen(() => interrupted.abort());
  try {
    await request(
      location,
      { command: 'logs', lines: options.lines, tail: options.tail, filter: options.filter },
      { onLog: print, signal: interrupted.signal },
    );
  } finally {
    stopListening();
  }
  return 0;
}
