// Env file editing, the local counterpart of `heroku config:set` / `config:unset`: the text changes
// only where an assignment of a named key is, so comments, blank lines, order, `export ` and
// inline comments survive; every value written reads back exactly through the path hdev reads env
// files with (dotenv's `parse`, then dotenv-expand in src/config/config-vars.ts).
import { parse } from 'dotenv';
import { DOTENV_LINE, HEROKU_KEY } from './dotenv-grammar.js';

/** The outcome of reading `K=V` command-line arguments. */
export type AssignmentsResult =
  | { readonly ok: true; readonly vars: Map<string, string> }
  | { readonly ok: false; readonly message: string; readonly hint: string };

/** Where one assignment sits in the original text (offsets into it). */
interface Assignment {
  readonly key: string;
  /** The value's text without surrounding blanks, quotes included; empty at the insertion point. */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** From the start of the key's line to past the line break that ends the value's line. */
  readonly linesStart: number;
  readonly linesEnd: number;
}

/** A replacement of `[start, end)` of the original text. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The shortest separator DOTENV_LINE accepts after a key (its `\s*?` and `\s+?` are lazy). */
const SEPARATOR = /^(?:\s*=|:\s)/;
/** Values made of these characters mean the same to dotenv, dotenv-expand and a shell, unquoted. */
const BARE_SAFE = /^[A-Za-z0-9_./:@%+,-]*$/;
const PROBE_KEY = 'HDEV_PROBE';

/**
 * The same text with `\r\n` and lone `\r` turned into `\n`, as dotenv does before it scans, and for
 * each offset of the result the matching offset in the original (one more entry, for the end).
 */
function normalize(text: string): { readonly source: string; readonly original: number[] } {
  let source = '';
  const original: number[] = [];
  for (let at = 0; at < text.length; at++) {
    original.push(at);
    if (text[at] === '\r') {
      source += '\n';
      if (text[at + 1] === '\n') at++;
    } else {
      source += text.charAt(at);
    }
  }
  original.push(text.length);
  return { source, original };
}

/** Every assignment dotenv sees, in file order, with offsets into the original text. */
function scan(text: string): Assignment[] {
  const { source, original } = normalize(text);
  const at = (offset: number): number => original[offset] ?? text.length;
  const assignments: Assignment[] = [];
  for (const match of source.matchAll(DOTENV_LINE)) {
    const key = match[1] ?? '';
    const keyStart = match.indices?.[1]?.[0] ?? match.index;
    const keyEnd = keyStart + key.length;
    // `export` or the key; the match starts earlier when blank lines precede it (`^\s*`).
    const firstWord = match.index + (match[0].length - match[0].trimStart().length);
    const group = match.indices?.[2];
    let valueStart: number;
    let valueEnd: number;
    if (group === undefined) {
      valueStart = valueEnd = keyEnd + (SEPARATOR.exec(source.slice(keyEnd))?.[0].length ?? 0);
    } else {
      // The group carries the blanks before a quote and after an unquoted value; the inline
      // comment and those blanks stay as they are, only the value itself is replaced.
      const raw = source.slice(group[0], group[1]);
      const leading = raw.length - raw.trimStart().length;
      valueStart = group[0] + (raw.trim() === '' ? 0 : leading);
      valueEnd = Math.max(valueStart, group[1] - (raw.length - raw.trimEnd().length));
    }
    // The match itself may run on over blank and comment lines (its trailing `\s*(?:#.*)?`
    // crosses line breaks), so the assignment's lines end where its value's line ends.
    const lineBreak = source.indexOf('\n', valueEnd);
    assignments.push({
      key,
      valueStart: at(valueStart),
      valueEnd: at(valueEnd),
      linesStart: at(source.lastIndexOf('\n', firstWord - 1) + 1),
      linesEnd: at(lineBreak === -1 ? source.length : lineBreak + 1),
    });
  }
  return assignments;
}

/** Applies non-overlapping edits, last first so earlier offsets stay valid. */
function applyEdits(text: string, edits: readonly Edit[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce(
      (result, edit) => result.slice(0, edit.start) + edit.text + result.slice(edit.end),
      text,
    );
}

function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * hdev expands `$NAME` and `${NAME}` in env files (dotenv-expand, src/config/config-vars.ts), but
 * Heroku stores config vars literally. dotenv-expand leaves a `$` preceded by `\` alone and then
 * drops one backslash before every `$`, so a backslash before each `$` gives back the value exactly.
 */
function escapeDollars(value: string): string {
  return value.replaceAll('$', '\\$');
}

/** What dotenv reads from `KEY=<written>`, or undefined when it reads no such line. */
function readBack(written: string): string | undefined {
  const parsed = parse(`${PROBE_KEY}=${written}`);
  return Object.hasOwn(parsed, PROBE_KEY) ? parsed[PROBE_KEY] : undefined;
}

/**
 * The candidate spellings of a value, the preferred first. dotenv has no escape for quotes and
 * backslashes: inside double quotes only `\n` and `\r` mean something (and `\"` stays `\"`),
 * inside single quotes and backticks nothing does. So each quoting works for some values only.
 */
function candidates(escaped: string): string[] {
  const doubled = escaped.replaceAll('\n', '\\n').replaceAll('\r', '\\r');
  const quoted = [`"${doubled}"`, `'${escaped}'`, `\`${escaped}\``].filter(
    // A backslash before the closing quote makes dotenv's `\\'` branch swallow the quote and look
    // for a later one, possibly on another line of the file.
    (candidate) => !candidate.slice(0, -1).endsWith('\\'),
  );
  // Quotes that do not occur inside: dotenv's quoted branch reads exactly the content.
  const clean = quoted.filter((candidate) => !candidate.slice(1, -1).includes(candidate[0] ?? ''));
  // Then quotes that do: dotenv's quoted branch fails at the inner quote and its unquoted branch
  // takes the line up to `#`, from which it strips the outer pair (`"say "hi""` is `say "hi"`).
  const quirky = quoted.filter((candidate) => !clean.includes(candidate));
  // Last resort: unquoted, where dotenv takes the rest of the line up to `#`, trimmed. It must not
  // start like a quoted value, which dotenv would try to close on a later line.
  const raw = /^['"`\s]/.test(escaped) ? [] : [escaped];
  return [...clean, ...quirky, ...raw];
}

/**
 * The value as it is written after `KEY=`, chosen so that dotenv then dotenv-expand read back
 * exactly `value` (each candidate is checked by dotenv's own parser); undefined when no spelling
 * does, which takes all three quote characters together with a `#`, a literal `\n` or the like.
 */
function encodeValue(value: string): string | undefined {
  if (BARE_SAFE.test(value)) return value;
  const escaped = escapeDollars(value);
  return candidates(escaped).find((candidate) => readBack(candidate) === escaped);
}

/** Why a config var name is refused, or undefined when Heroku accepts it. */
export function configKeyProblem(key: string): string | undefined {
  if (key === '') return 'a config var name cannot be empty';
  if (!HEROKU_KEY.test(key)) {
    return `${key} is not a valid config var name: Heroku allows only letters, digits and _`;
  }
  // Heroku: names "must not begin with a double underscore" (Dev Center, Config Vars); it also
  // keeps `__proto__` away from the plain objects dotenv and hdev keep config vars in.
  if (key.startsWith('__')) return `${key} is not a valid config var name: it starts with __`;
  return undefined;
}

/** Why a value cannot be written to an env file, or undefined when it can. */
export function configValueProblem(value: string): string | undefined {
  if (encodeValue(value) !== undefined) return undefined;
  return 'dotenv cannot read this value back from an env file: dotenv has no escape for quotes, and the value has \', " and ` along with a #, a backslash or a line break';
}

function encodeOrThrow(key: string, value: string): string {
  const keyProblem = configKeyProblem(key);
  if (keyProblem !== undefined) throw new RangeError(keyProblem);
  const encoded = encodeValue(value);
  if (encoded === undefined) throw new RangeError(`${key}: ${configValueProblem(value) ?? ''}`);
  return encoded;
}

/**
 * `heroku config:set` on an env file's text. An assigned key gets its new value in place, in the
 * last assignment of it (dotenv's `parse` assigns keys in file order, so the last one wins);
 * `export `, the inline comment and every other line stay. New keys are appended in the map's
 * order. Throws a RangeError for a name or value that configKeyProblem or configValueProblem
 * refuses (parseAssignments reports both first).
 */
export function setConfigVars(text: string, vars: ReadonlyMap<string, string>): string {
  const assignments = scan(text);
  const lineBreak = lineBreakOf(text);
  const edits: Edit[] = [];
  const added: string[] = [];
  for (const [key, value] of vars) {
    // Quoted multiline spellings keep the file's own line breaks.
    const encoded = encodeOrThrow(key, value).replaceAll('\n', lineBreak);
    const last = assignments.findLast((assignment) => assignment.key === key);
    if (last === undefined) {
      added.push(`${key}=${encoded}${lineBreak}`);
      continue;
    }
    // `KEY=#note` would put the new value against the `#`, which dotenv reads as a comment
    // either way; a space keeps it readable (and env-file.ts quiet).
    const spacer = text[last.valueEnd] === '#' ? ' ' : '';
    edits.push({ start: last.valueStart, end: last.valueEnd, text: encoded + spacer });
  }
  const edited = applyEdits(text, edits);
  if (added.length === 0) return edited;
  const separator = edited === '' || /[\r\n]$/.test(edited) ? '' : lineBreak;
  return edited + separator + added.join('');
}

/**
 * `heroku config:unset` on an env file's text: every assignment of the keys goes, whole lines
 * (all the lines of a multiline value); an absent key changes nothing.
 */
export function unsetConfigVars(text: string, keys: readonly string[]): string {
  const removed = new Set(keys);
  const edits = scan(text)
    .filter((assignment) => removed.has(assignment.key))
    .map(({ linesStart, linesEnd }) => ({ start: linesStart, end: linesEnd, text: '' }));
  return applyEdits(text, edits);
}

/**
 * `heroku config:set` arguments: `KEY=value`, split at the first `=` (the value may hold more, or
 * be empty); a repeated key takes its last value, as heroku/cli's object does.
 */
export function parseAssignments(args: readonly string[]): AssignmentsResult {
  if (args.length === 0) {
    return {
      ok: false,
      message: 'Must specify KEY and VALUE to set.',
      hint: 'Usage: hdev config:set KEY1=VALUE1 [KEY2=VALUE2 ...]',
    };
  }
  const vars = new Map<string, string>();
  for (const arg of args) {
    const equals = arg.indexOf('=');
    if (equals === -1) {
      // heroku/cli src/commands/config/set.ts, word for word.
      return {
        ok: false,
        message: `${arg} is invalid. Must be in the format FOO=bar.`,
        hint: `Write ${arg}=value; quote the whole argument when the value has spaces: '${arg}=a b'.`,
      };
    }
    const key = arg.slice(0, equals);
    const value = arg.slice(equals + 1);
    const keyProblem = configKeyProblem(key);
    if (keyProblem !== undefined) {
      return { ok: false, message: keyProblem, hint: `Rename it, for example ${suggestKey(key)}.` };
    }
    const valueProblem = configValueProblem(value);
    if (valueProblem !== undefined) {
      return {
        ok: false,
        message: `${key}: ${valueProblem}`,
        hint: 'Drop one kind of quote from the value, or keep the value in a file and read it from there.',
      };
    }
    vars.set(key, value);
  }
  return { ok: true, vars };
}

function suggestKey(key: string): string {
  const replaced = key.replace(/\W/g, '_').replace(/^_+/, '');
  return replaced === '' ? 'MY_VAR' : replaced;
}
