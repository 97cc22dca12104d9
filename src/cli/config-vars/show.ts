// `hdev config` and `config:get`: Heroku's config var listings over the app's env files.
import type { AppLocation } from '../../config/load-app.js';
import { appConfig } from './app-config.js';

export type ConfigFormat = 'text' | 'json' | 'shell';

/** POSIX shell quoting, for `-s` output that can be sourced. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function runConfig(location: AppLocation, format: ConfigFormat): number {
  const vars = appConfig(location).configVars.values;
  const keys = Object.keys(vars);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(vars, null, 2)}\n`);
  } else if (format === 'shell') {
    for (const key of keys) process.stdout.write(`${key}=${shellQuote(vars[key] ?? '')}\n`);
  } else {
    // heroku config: `=== app Config Vars`, then `KEY: value` with the values lined up.
    const width = Math.max(0, ...keys.map((key) => key.length + 1));
    process.stdout.write('=== Config Vars\n');
    for (const key of keys) process.stdout.write(`${`${key}:`.padEnd(width)} ${vars[key] ?? ''}\n`);
  }
  return 0;
}

export function runConfigGet(location: AppLocation, key: string, shell: boolean): number {
  const value = appConfig(location).configVars.values[key];
  // heroku config:get prints an empty line for a key that is not set.
  process.stdout.write(shell ? `${key}=${shellQuote(value ?? '')}\n` : `${value ?? ''}\n`);
  return 0;
}
