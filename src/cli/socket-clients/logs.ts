// `hdev logs`: the recent log of the running `hdev start`, then, with -t, every new line.
import type { LogEntry, LogFilter } from '../../control/protocol.js';
import type { LogFormat } from '../../logs/formatters.js';
import { createFormatter } from '../../logs/formatters.js';
import { shouldUseColor } from '../color.js';
import type { ShutdownSignals } from '../signals.js';
import { request, type ControlLocation } from './request.js';

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
