// Config vars: merges parsed env files (later files win) and expands `${VAR}` with dotenv-expand.
import { expand } from 'dotenv-expand';
import type { ConfigVarOrigin, ConfigVars } from '../domain/app-spec.js';
import type { Diagnostic, Parsed } from '../domain/diagnostic.js';
import type { EnvEntry } from './env-file.js';

export interface EnvFileEntries {
  readonly file: string;
  readonly entries: readonly EnvEntry[];
}

type ShellEnv = Readonly<Record<string, string | undefined>>;

/** Heroku's limit on the config vars of one app: names plus values, 32 kB. */
export const CONFIG_VARS_MAX_BYTES = 32 * 1024;

/**
 * dotenv-expand expands `options.parsed` key by key. We hand it one value at a time under this
 * name, which no `$VAR` or `${VAR}` reference can spell (braces end a reference), so the value's
 * own name stays free to refer to the shell: `PATH=$PATH:./bin` extends the shell's PATH.
 */
const SLOT = '{value}';
/** dotenv-expand's reference syntax (lib/main.js): `${NAME…}` or `$NAME`, unless escaped. */
const REFERENCE = /(?<!\\)\${([^{}]+)}|(?<!\\)\$([A-Za-z_][A-Za-z0-9_]*)/g;

interface Assignment {
  readonly key: string;
  readonly raw: string;
  readonly origin: ConfigVarOrigin;
}

/** Env files in order (later files win), expanded as if they were sourced one after another. */
export function mergeConfigVars(
  files: readonly EnvFileEntries[],
  shellEnv: ShellEnv,
): Parsed<ConfigVars> {
  const assignments: Assignment[] = files.flatMap(({ file, entries }) =>
    entries.map(({ key, value, line }) => ({ key, raw: value, origin: { file, line } })),
  );
  const values = expandAll(assignments, shellEnv);
  const origins: Record<string, ConfigVarOrigin> = {};
  for (const { key, origin } of assignments) origins[key] = origin; // the last one wins
  const diagnostics = [...referenceWarnings(assignments, shellEnv), ...portWarnings(files)];
  // In file order, then line order, as a reader goes through the files.
  const order = (file: string): number => files.findIndex((entry) => entry.file === file);
  diagnostics.sort((a, b) => order(a.file) - order(b.file) || (a.line ?? 0) - (b.line ?? 0));
  diagnostics.push(...sizeWarnings(values, files));
  return { value: { values, origins }, diagnostics };
}

/**
 * Each assignment, in reading order (files in order, lines top to bottom), sees the config vars
 * assigned before it, then the shell: the files behave as if sourced one after another, so
 * `PATH=$PATH:./bin` extends the shell's PATH and an override in a later file can use a var from
 * an earlier one. process.env is never written to.
 */
function expandAll(assignments: readonly Assignment[], shellEnv: ShellEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(shellEnv)) {
    if (value !== undefined) env[key] = value;
  }
  const values: Record<string, string> = {};
  for (const { key, raw } of assignments) {
    const parsed = { [SLOT]: raw };
    expand({ parsed, processEnv: env });
    // expand() also copies the result into processEnv; left there, it would replace the next value.
    Reflect.deleteProperty(env, SLOT);
    env[key] = values[key] = parsed[SLOT];
  }
  return values;
}

interface Reference {
  readonly name: string;
  /** `${NAME:-default}` and friends: an unset NAME is expected. */
  readonly hasOperator: boolean;
}

/** The references in a value, split like dotenv-expand splits `:-`, `-`, `:+` and `+`. */
function references(raw: string): Reference[] {
  return [...raw.matchAll(REFERENCE)].map(([, braced, bare]) => {
    const [name = ''] = (bare ?? braced ?? '').split(/:?[-+]/);
    return { name, hasOperator: bare === undefined && name !== braced };
  });
}

/**
 * References that expand to nothing although the user probably meant a value: a config var set
 * further down (expansion runs in reading order), or a name set nowhere (`pa$word` on Heroku,
 * which does not expand config vars, stays `pa$word`).
 */
function referenceWarnings(assignments: readonly Assignment[], shellEnv: ShellEnv): Diagnostic[] {
  const assigned = new Set<string>();
  return assignments.flatMap(({ key, raw, origin }) => {
    const warnings = references(raw).flatMap(({ name, hasOperator }): Diagnostic[] => {
      if (assigned.has(name) || shellEnv[name] !== undefined || hasOperator) return [];
      const later = assignments.find((candidate) => candidate.key === name)?.origin;
      if (later !== undefined) {
        const message = `${key} refers to ${name}, which is set further down (${later.file}:${later.line}); references are expanded in reading order, so ${key} does not see it`;
        return [{ severity: 'warning', ...origin, message, hint: `Move ${name}=… above ${key}.` }];
      }
      const message = `${key} refers to $${name}, which is set neither above it nor in the shell, so it expands to nothing`;
      const hint = `Write \\$ for a literal $, or give a default: \${${name}:-value}.`;
      return [{ severity: 'warning', ...origin, message, hint }];
    });
    assigned.add(key);
    return warnings;
  });
}

function portWarnings(files: readonly EnvFileEntries[]): Diagnostic[] {
  return files.flatMap(({ file, entries }) =>
    entries
      .filter((entry) => entry.key === 'PORT')
      .map((entry) => ({
        severity: 'warning' as const,
        file,
        line: entry.line,
        message:
          'PORT is set in an env file, but hdev assigns PORT to each dyno, as Heroku does: this value is not used',
        hint: 'Remove it, and choose the base port with -p/--port.',
      })),
  );
}

function sizeWarnings(
  values: Readonly<Record<string, string>>,
  files: readonly EnvFileEntries[],
): Diagnostic[] {
  const bytes = Object.entries(values).reduce(
    (total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
  if (bytes <= CONFIG_VARS_MAX_BYTES) return [];
  const message = `the config vars take ${bytes} bytes (names plus values); Heroku allows 32 kB per app`;
  const hint = 'Keep large values (certificates, JSON blobs) in files or an add-on instead.';
  return [{ severity: 'warning', file: files.map(({ file }) => file).join(', '), message, hint }];
}
