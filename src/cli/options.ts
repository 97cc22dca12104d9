// Turning command-line strings into typed values, with errors a user can act on.
import { LOG_HISTORY_LINES, LOG_HISTORY_LINES_TEXT } from '../domain/defaults.js';
import { basePortProblem } from '../domain/ports.js';
import { HdevError } from '../errors.js';

/**
 * The longest timeout a Node timer holds: 2^31 − 1 ms (about 24.8 days). A longer one fires
 * after 1 ms instead, so `--router-timeout 9999999` would give every request an H12.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** `--boot-timeout 60`, `--timeout 0.5`: seconds, decimals allowed, returned in ms. */
export function parseSeconds(flag: string, value: string): number {
  const seconds = /^\s*\d*\.?\d+(e[+-]?\d+)?\s*$/i.test(value) ? Number(value) : Number.NaN;
  const ms = Math.round(seconds * 1000);
  if (!Number.isFinite(seconds) || ms < 1 || ms > MAX_TIMER_MS) {
    throw new HdevError(
      `${flag} must be a number of seconds from 0.001 to ${MAX_SECONDS}, not "${value}"`,
      { hint: `For example ${flag} 30 or ${flag} 0.5 (${MAX_SECONDS} s is about 24 days).` },
    );
  }
  return ms;
}

export function parsePort(flag: string, value: string): number {
  const port = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  const problem = Number.isNaN(port) ? `"${value}" is not a port number` : basePortProblem(port);
  if (problem !== undefined) {
    throw new HdevError(`${flag}: ${problem}`, {
      hint: `Pass a port from 1024 to 65535, e.g. ${flag} 5006.`,
    });
  }
  return port;
}

/** `-e a.env,b.env` or repeated `-e`: every file, in order. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return [...(previous ?? []), ...items];
}

export function parseChoice<T extends string>(
  flag: string,
  value: string,
  choices: readonly T[],
): T {
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) {
    throw new HdevError(`${flag} must be one of ${choices.join(', ')}, not "${value}"`);
  }
  return choice;
}

/** `-n 100`: a whole number of lines, 0 to 1,500 (the history Heroku's Logplex keeps). */
export function parseCount(flag: string, value: string): number {
  const count = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(count) || count > LOG_HISTORY_LINES) {
    throw new HdevError(
      `${flag} must be a whole number of lines from 0 to ${LOG_HISTORY_LINES}, not "${value}"`,
      {
        hint: `hdev keeps the last ${LOG_HISTORY_LINES_TEXT} lines, as Heroku does; for example ${flag} 200.`,
      },
    );
  }
  return count;
}

/** `--keep-slugs 5`: how many slugs a rollback can go back to, 1 to 1,000. */
export function parseKeepSlugs(flag: string, value: string): number {
  const count = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw new HdevError(`${flag} must be a whole number from 1 to 1,000, not "${value}"`, {
      hint: `Each kept slug is a release you can roll back to; for example ${flag} 10.`,
    });
  }
  return count;
}
