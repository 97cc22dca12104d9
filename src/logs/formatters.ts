// Log formatters: the bytes to print for a batch of lines, in foreman's, Heroku's or JSON form.
import { isUtf8 } from 'node:buffer';
import type { LogBatch } from './log-batch.js';
import { LogBus } from './log-bus.js';
import { formatClockTime, formatHerokuTimestamp } from './timestamp.js';

export type LogFormat = 'foreman' | 'heroku' | 'json';

export const LOG_FORMATS: readonly LogFormat[] = ['foreman', 'heroku', 'json'];

/** `--format` when none is given: foreman's lines, as `heroku local` prints them. */
export const DEFAULT_LOG_FORMAT: LogFormat = 'foreman';

export interface FormatterOptions {
  readonly format: LogFormat;
  /** Only the foreman format is ever coloured. */
  readonly color: boolean;
  /** Dyno names are padded to this width so the `|` columns line up; longer names stay whole. */
  readonly nameWidth: number;
}

export type Formatter = (batch: LogBatch) => Buffer;

const LF = 0x0a;
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const DIM_SUFFIX = Buffer.from('\x1b[22m\n');

/** Dyno colours: cyan, yellow, green, magenta, blue, then bright ones; no red (reads as error). */
const PALETTE = [36, 33, 32, 35, 34, 96, 93, 92].map((code) => `\x1b[${code}m`);

/**
 * Prefixes every line of `data` with `prefix` and, given a `suffix`, puts the suffix (which ends
 * in `\n`) in place of each line's `\n`. One allocation per batch: the lines are copied to the
 * end of the output once, then moved forward into place with `copyWithin` (a memmove that
 * allocates nothing), which is several times faster than copying each line out of `data`. A
 * line's new place always ends before the next line's bytes start, so nothing is overwritten
 * before it has been moved.
 */
export function frameLines(
  data: Buffer,
  lineCount: number,
  prefix: Buffer,
  suffix?: Buffer,
): Buffer {
  const prefixLength = prefix.length;
  const extra = prefixLength + (suffix === undefined ? 0 : suffix.length - 1);
  const base = lineCount * extra;
  const out = Buffer.allocUnsafe(data.length + base);
  out.set(data, base);
  let start = 0;
  for (let line = 0; line < lineCount; line++) {
    const nl = data.indexOf(LF, start);
    if (nl === -1) return out.subarray(0, line * extra + start);
    const at = line * extra + start;
    if (suffix === undefined) {
      if (extra !== 0) out.copyWithin(at + prefixLength, base + start, base + nl + 1);
    } else {
      out.copyWithin(at + prefixLength, base + start, base + nl);
      out.set(suffix, at + prefixLength + nl - start);
    }
    out.set(prefix, at);
    start = nl + 1;
  }
  return out;
}

/**
 * Remembers each dyno's prefix while its key (the second, or the exact time) is unchanged:
 * dynos print many batches a second, and the prefix is the same for all of them.
 */
function cachedPrefix(build: (batch: LogBatch) => Buffer, keyOf: (time: number) => number) {
  const cache = new Map<string, { key: number; bytes: Buffer }>();
  return (batch: LogBatch): Buffer => {
    const id = `${batch.source}\0${batch.dyno}`;
    const key = keyOf(batch.time);
    const hit = cache.get(id);
    if (hit?.key === key) return hit.bytes;
    const bytes = build(batch);
    cache.set(id, { key, bytes });
    return bytes;
  };
}

const perSecond = (time: number): number => Math.floor(time / 1000);
const exact = (time: number): number => time;

/** `HH:MM:SS web.1  | text`, as foreman and `heroku local` print; platform lines dimmed. */
function foremanFormatter(color: boolean, nameWidth: number): Formatter {
  const colors = new Map<string, string>();
  const colorOf = (dyno: string): string => {
    let code = colors.get(dyno);
    if (code === undefined) {
      code = PALETTE[colors.size % PALETTE.length] ?? '';
      colors.set(dyno, code);
    }
    return code;
  };
  const prefixOf = cachedPrefix((batch) => {
    const label = `${formatClockTime(batch.time)} ${batch.dyno.padEnd(nameWidth)} |`;
    if (!color) return Buffer.from(`${label} `);
    // Reset right after the `|` so the dyno's own colours reach the terminal untouched.
    const dim = batch.source === 'heroku' ? DIM : '';
    return Buffer.from(`${colorOf(batch.dyno)}${label}${RESET} ${dim}`);
  }, perSecond);
  return (batch) => {
    const suffix = color && batch.source === 'heroku' ? DIM_SUFFIX : undefined;
    return frameLines(batch.data, batch.lineCount, prefixOf(batch), suffix);
  };
}

/**
 * `2026-11-23T18:00:00.123456+00:00 app[web.1]: text`, as `heroku logs` prints. Never coloured,
 * even on a terminal: it is a machine format, for files, grep and log tooling.
 */
function herokuFormatter(): Formatter {
  const prefixOf = cachedPrefix(
    (batch) => Buffer.from(`${formatHerokuTimestamp(batch.time)} ${batch.source}[${batch.dyno}]: `),
    exact,
  );
  return (batch) => frameLines(batch.data, batch.lineCount, prefixOf(batch));
}

/** Whether the lines can stand in a JSON string as they are: valid UTF-8, nothing to escape. */
function needsNoEscaping(data: Buffer): boolean {
  if (data.indexOf(0x22) !== -1 || data.indexOf(0x5c) !== -1 || !isUtf8(data)) return false;
  for (let at = 0; at < data.length; at++) {
    if ((data[at] ?? 0) < 0x20 && data[at] !== LF) return false;
  }
  return true;
}

const JSON_SUFFIX = Buffer.from('"}\n');

/** One JSON object per line, its message decoded as UTF-8 and escaped as JSON.stringify does. */
function jsonFormatter(): Formatter {
  return (batch) => {
    const head =
      `{"time":"${formatHerokuTimestamp(batch.time)}",` +
      `"source":${JSON.stringify(batch.source)},"dyno":${JSON.stringify(batch.dyno)},"message":`;
    // Most output is plain text: frame its bytes instead of making two strings per line.
    if (needsNoEscaping(batch.data)) {
      return frameLines(batch.data, batch.lineCount, Buffer.from(`${head}"`), JSON_SUFFIX);
    }
    let text = '';
    for (const line of LogBus.splitLines(batch)) text += `${head}${JSON.stringify(line)}}\n`;
    return Buffer.from(text);
  };
}

export function createFormatter(options: FormatterOptions): Formatter {
  switch (options.format) {
    case 'foreman':
      return foremanFormatter(options.color, options.nameWidth);
    case 'heroku':
      return herokuFormatter();
    case 'json':
      return jsonFormatter();
  }
}
