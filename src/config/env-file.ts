// Env file parser: dotenv's grammar exactly (every value comes from dotenv's own `parse`), with the
// line of each entry and warnings for lines dotenv skips and names Heroku would reject.
import { parse } from 'dotenv';
import type { Diagnostic, Parsed } from '../domain/diagnostic.js';
import { DOTENV_LINE, HEROKU_KEY } from './dotenv-grammar.js';

export interface EnvEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line of the key (a multiline value continues on the following lines). */
  readonly line: number;
}

const QUOTES = ['"', "'", '`'];

type Warn = (line: number, message: string, hint?: string) => void;

/** Every entry in file order, a repeated key included each time (the later one wins). */
export function parseEnvFile(text: string, file: string): Parsed<EnvEntry[]> {
  const source = text.replace(/\r\n?/g, '\n'); // dotenv normalises line breaks the same way
  const lineAt = lineLocator(source);
  const diagnostics: Diagnostic[] = [];
  const warn: Warn = (line, message, hint) =>
    diagnostics.push({ severity: 'warning', file, line, message, hint });
  const entries: EnvEntry[] = [];
  const covered = new Set<number>();
  for (const match of source.matchAll(DOTENV_LINE)) {
    const key = match[1] ?? '';
    const keyStart = match.indices?.[1]?.[0] ?? match.index;
    const parsed = parse(match[0]);
    const value = Object.hasOwn(parsed, key) ? parsed[key] : undefined;
    if (value === undefined) continue; // `__proto__`: dotenv's object drops it
    const entry = { key, value, line: lineAt(keyStart) };
    const end = lineAt(match.index + match[0].length);
    for (let line = lineAt(match.index); line <= end; line++) covered.add(line);
    checkValue(entry, match[0].slice(keyStart - match.index + key.length), match[2], warn);
    checkKey(entry, entries, warn);
    entries.push(entry);
  }
  source.split('\n').forEach((line, index) => {
    if (covered.has(index + 1) || /^\s*(?:#|$)/.test(line)) return;
    warn(
      index + 1,
      'not a KEY=value line; ignored',
      'Write `KEY=value`; comment lines start with `#`.',
    );
  });
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { value: entries, diagnostics };
}

/** Maps an offset in the text to its 1-based line. */
function lineLocator(source: string): (offset: number) => number {
  const starts = [0];
  for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) {
    starts.push(at + 1);
  }
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

/** `afterKey` is the entry's text from the separator on; `raw` is dotenv's value group. */
function checkValue(entry: EnvEntry, afterKey: string, raw: string | undefined, warn: Warn): void {
  const { key, value, line } = entry;
  const trimmed = (raw ?? '').trim();
  const quote = QUOTES.find((q) => trimmed.startsWith(q));
  if (quote !== undefined) {
    // A quoted value only counts as quoted when the closing quote ends its line (or a comment follows).
    if (trimmed.length >= 2 && trimmed.endsWith(quote)) return;
    const unclosed = !trimmed.slice(1).includes(quote);
    const why = unclosed
      ? `the ${quote} that opens the value of ${key} is never closed`
      : `there is text after the closing ${quote} of ${key}'s value`;
    const hint = unclosed
      ? `Close the quote; a quoted value may span lines, up to a line that ends with ${quote}.`
      : `Put the whole value inside the quotes, or start a comment with \` #\`.`;
    warn(
      line,
      `${why}, so dotenv takes the value literally, quote included: ${shown(value)}`,
      hint,
    );
    return;
  }
  // dotenv's unquoted value stops at the first `#`, with or without a space before it.
  const hash = afterKey.indexOf('#');
  const before = afterKey[hash - 1];
  if (hash > 0 && before !== undefined && !/\s/.test(before)) {
    const comment = afterKey.slice(hash).trimEnd();
    warn(
      line,
      `dotenv reads \`${comment}\` as a comment, even without a space before it: ${key} is ${shown(value)}`,
      `Quote the value to keep the \`#\`: ${key}="${trimmed}${comment}"`,
    );
  }
}

function shown(value: string): string {
  return value === '' ? 'empty' : `\`${value}\``;
}

/**
 * The vars Heroku's own add-ons set on the app (`HEROKU_POSTGRESQL_RED_URL`): the platform's, so
 * not a user's misuse of the reserved prefix (hdev's add-ons write them to the env file).
 */
const ADDON_KEY = /^HEROKU_(POSTGRESQL|REDIS)_[A-Z]+_URL$/;

function checkKey(entry: EnvEntry, earlier: readonly EnvEntry[], warn: Warn): void {
  const { key, line } = entry;
  if (!HEROKU_KEY.test(key)) {
    warn(
      line,
      `Heroku rejects the config var name ${key}: only letters, digits and \`_\` are allowed`,
      `Rename it, for example ${key.replace(/\W/g, '_')}.`,
    );
  } else if (key.startsWith('__')) {
    warn(
      line,
      `Heroku does not allow config var names that start with \`__\` (${key})`,
      'Rename it.',
    );
  } else if (key.startsWith('HEROKU_') && !ADDON_KEY.test(key)) {
    warn(
      line,
      `config var names that start with HEROKU_ are reserved for the platform (${key})`,
      'Rename it.',
    );
  }
  const previous = earlier.findLast((other) => other.key === key);
  if (previous !== undefined) {
    warn(
      line,
      `${key} is set again: this value replaces line ${previous.line} (the last one wins)`,
      'Remove one of the two lines.',
    );
  }
}
