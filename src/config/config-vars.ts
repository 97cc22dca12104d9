// Config vars: merges parsed env files (later files win) and expands `${VAR}` with dotenv-expand.
import { expand } from 'dotenv-expand';
import type { ConfigVarOrigin, ConfigVars } from '../domain/app-spec.js';
import type { Diagnostic, Parsed } from '../domain/diagnostic.js';
import { MAX_ARG_BYTES } from '../domain/spawnable.js';
import type { EnvEntry } from './env-file.js';

export interface EnvFileEntries {
  readonly file: string;
  readonly entries: readonly EnvEntry[];
}

type ShellEnv = Readonly<Record<string, string | undefined>>;

/** Expanded config vars in all: beyond this no process could start with them anyway. */
const MAX_EXPANDED_BYTES = 4 * 1024 * 1024;

/** Heroku's limit on the config vars of one app: names plus values, 32 kB. */
const CONFIG_VARS_MAX_BYTES = 32 * 1024;

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
  const { values, diagnostics: expansionErrors } = expandAll(assignments, shellEnv);
  const origins: Record<string, ConfigVarOrigin> = {};
  for (const { key, origin } of assignments) origins[key] = origin; // the last one wins
  const diagnostics = [
    ...expansionErrors,
    ...referenceWarnings(assignments, shellEnv),
    ...portWarnings(files),
  ];
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
function expandAll(
  assignments: readonly Assignment[],
  shellEnv: ShellEnv,
): { values: Record<string, string>; diagnostics: Diagnostic[] } {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(shellEnv)) {
    if (value !== undefined) env[key] = value;
  }
  const values: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  let total = 0;
  for (const { key, raw, origin } of assignments) {
    const problem = expansionProblem(expansionSize(raw, env), total);
    let value = raw;
    if (problem !== undefined) {
      diagnostics.push({
        severity: 'error',
        ...origin,
        message: `${key} ${problem}; it is left unexpanded`,
        hint: 'Each $NAME copies a whole value: refer to fewer or shorter ones, or write \\$ for a literal $.',
      });
    } else {
      value = expandOne(raw, env);
    }
    total += value.length;
    env[key] = values[key] = value;
  }
  return { values, diagnostics };
}

/** How large an expansion gets: its length, and how many replacements dotenv-expand makes. */
interface ExpansionSize {
  readonly length: number;
  readonly steps: number;
}

/** dotenv-expand's work on one value: replacements times the text each one copies. */
const MAX_EXPANSION_WORK = 32 * 1024 * 1024;

function expansionProblem(size: ExpansionSize, total: number): string | undefined {
  if (size.length > MAX_ARG_BYTES) {
    return `would expand to more than ${MAX_ARG_BYTES} bytes, more than the OS passes to a process`;
  }
  if (total + size.length > MAX_EXPANDED_BYTES) {
    return `would take the config vars past ${MAX_EXPANDED_BYTES} bytes in all`;
  }
  if (size.steps * size.length > MAX_EXPANSION_WORK) {
    return `has too many references (${size.steps}) to expand`;
  }
  return undefined;
}

/**
 * At most how long `raw` gets once dotenv-expand has replaced each reference with its value (a
 * default is part of the reference's own text), and the references inside those values in turn,
 * as it does. Values that refer to each other grow fast (a few lines of `B=$A$A$A` take all
 * memory), and dotenv-expand copies the whole text and keeps the copy at each step, so a value
 * over the bound is refused before dotenv-expand builds it.
 */
function expansionSize(raw: string, env: Readonly<Record<string, string>>): ExpansionSize {
  const known = new Map<string, ExpansionSize>();
  const sizeOf = (text: string): ExpansionSize => {
    if (!text.includes('$')) return { length: text.length, steps: 0 };
    let length = text.length;
    let steps = 0;
    for (const name of namesAfterDollars(text)) {
      steps++;
      if (!Object.hasOwn(env, name)) continue;
      let size = known.get(name);
      if (size === undefined) {
        // A cycle counts once: dotenv-expand stops at a value it has seen.
        known.set(name, { length: env[name]?.length ?? 0, steps: 1 });
        size = sizeOf(env[name] ?? '');
        known.set(name, size);
      }
      // Capped so that a runaway sum stays a finite number.
      length = Math.min(length + size.length, Number.MAX_SAFE_INTEGER);
      steps = Math.min(steps + size.steps, Number.MAX_SAFE_INTEGER);
    }
    return { length, steps };
  };
  return sizeOf(raw);
}

/**
 * Every name a `$` in the text could look up, defaults (`${A:-$B}`) included, escaped ones too: an
 * over-count only makes the bound safer.
 */
function namesAfterDollars(text: string): string[] {
  return [...text.matchAll(/\$\{?([\w.]+)/g)].flatMap(([, name = '']) => {
    const bare = /^[A-Za-z_]\w*/.exec(name)?.[0];
    return bare === undefined || bare === name ? [name] : [name, bare];
  });
}

/** A name dotenv-expand could look up in `text`: runs of name characters, also split at `-`. */
const NAME_LIKE = /[\w.-]+/g;

/**
 * dotenv-expand copies the whole environment for every value it expands, which makes a large env
 * file quadratic (thousands of lines took seconds). Only values with a `$` can change, and they
 * only see the names they mention, then the names those values mention, and so on: that much of
 * the environment is handed over, with the same result.
 */
function expandOne(raw: string, env: Readonly<Record<string, string>>): string {
  if (!raw.includes('$')) return raw;
  const visible: Record<string, string> = {};
  const pending = [raw];
  for (let text = pending.pop(); text !== undefined; text = pending.pop()) {
    for (const [run] of text.matchAll(NAME_LIKE)) {
      for (const name of [run, ...run.split('-')]) {
        // Own names only: `constructor` or `__proto__` in a value is no config var.
        if (!Object.hasOwn(env, name) || Object.hasOwn(visible, name)) continue;
        const value = env[name] ?? '';
        visible[name] = value;
        if (value.includes('$')) pending.push(value);
      }
    }
  }
  const parsed = { [SLOT]: raw };
  expand({ parsed, processEnv: visible });
  return parsed[SLOT];
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
