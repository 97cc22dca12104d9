// Property test: whatever bytes the Procfile, an env file or app.json holds, the parsers and the
// loading path answer with values and diagnostics, or an HdevError: never an internal error,
// never a stack trace, and in bounded time. Seeded, so a failure names its case and repeats.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAppJson } from '../../../src/config/app-json.js';
import { mergeConfigVars } from '../../../src/config/config-vars.js';
import { parseEnvFile } from '../../../src/config/env-file.js';
import { resolveFormation } from '../../../src/config/formation.js';
import { loadApp } from '../../../src/config/load-app.js';
import { parseProcfile } from '../../../src/config/procfile.js';
import { spawnProblems } from '../../../src/config/spawn-check.js';
import { formatDiagnostic } from '../../../src/domain/diagnostic.js';
import type { Diagnostic } from '../../../src/domain/diagnostic.js';
import { HdevError } from '../../../src/errors.js';
import { prng } from '../../helpers/prng.js';

const SEED = 0x5eed_2026;
const CASES = 2000;
/** Cases that also go through the files on disk (loadApp), which costs a few writes each. */
const DISK_CASES = 60;
/** Per case, far above what a case takes: a hang or a quadratic blow-up shows as a failure. */
const CASE_BUDGET_MS = 1_000;

type Random = () => number;
const int = (random: Random, n: number): number => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

/** Pieces that have broken parsers before, or could. */
const NASTY = [
  '\0',
  '\r',
  '\r\n',
  '\n',
  '\uFEFF',
  '\uD800',
  '\u2028',
  '=',
  ':',
  '#',
  '"',
  "'",
  '`',
  '\\',
  '$',
  '${',
  '}',
  '$A',
  '${A:-$B}',
  '${A}${A}${A}${A}',
  'export ',
  'web: ',
  'release: ',
  '__proto__',
  'constructor',
  'A=',
  'B=$A$A$A$A$A$A$A$A',
  '1e308',
  '-0',
  '99999999999999999999999',
  'NaN',
  ' ',
  '\t',
  '\v',
  '\f',
  'é',
  '😀',
];

function randomBytes(random: Random): Buffer {
  return Buffer.from(Array.from({ length: int(random, 300) }, () => int(random, 256)));
}

/** Random bytes, read as UTF-8 (invalid sequences become U+FFFD) or as Latin-1. */
function bytesCase(random: Random): string {
  const bytes = randomBytes(random);
  return random() < 0.5 ? bytes.toString('utf8') : bytes.toString('latin1');
}

function piecesCase(random: Random): string {
  return Array.from({ length: int(random, 40) }, () =>
    random() < 0.7 ? pick(random, NASTY) : String.fromCharCode(int(random, 0x3000)),
  ).join('');
}

function longLineCase(random: Random): string {
  const line = pick(random, ['x', '$A', '"', 'web: a', 'K=v', '[']).repeat(1 + int(random, 5_000));
  return random() < 0.5 ? line : `A=${'a'.repeat(5000)}\n${line}\n`;
}

function deepJsonCase(random: Random): string {
  const depth = 1 + int(random, 3_000);
  const open = pick(random, ['[', '{"a":']);
  const close = open === '[' ? ']' : '}';
  return `{"formation":${open.repeat(depth)}1${random() < 0.5 ? close.repeat(depth) : ''}}`;
}

function appJsonCase(random: Random): string {
  const quantity = pick(random, [
    '1e9',
    '1e308',
    '-1',
    '0.5',
    '101',
    '100',
    '99999999999999999999999',
    '"1"',
    'null',
    '[]',
    '{}',
  ]);
  const name = pick(random, ['web', 'worker', 'release', '__proto__', 'constructor', '\\u0000']);
  const env = pick(random, [
    '{"A":"\\u0000"}',
    '{"A":{"required":"yes"}}',
    '{"__proto__":{"value":"x"}}',
    '[]',
    '"x"',
  ]);
  return `{"name":${pick(random, ['"app"', '1', 'null', '"\\u0000"'])},"formation":{"${name}":{"quantity":${quantity},"size":${pick(random, ['"basic"', '1', 'null'])}}},"env":${env}}`;
}

function envExpansionCase(random: Random): string {
  const lines = [`A=${'x'.repeat(int(random, 400))}`];
  for (let i = 0; i < 1 + int(random, 20); i++) {
    const refs = Array.from({ length: 1 + int(random, 6) }, () =>
      pick(random, ['$A', `\${B${int(random, i + 1)}}`, `\${Z:-$A}`, '\\$A', `$B${i}`]),
    );
    lines.push(`B${i}=${refs.join(pick(random, ['', ' ', '-']))}`);
  }
  return lines.join(pick(random, ['\n', '\r', '\r\n']));
}

const GENERATORS = [
  bytesCase,
  piecesCase,
  longLineCase,
  deepJsonCase,
  appJsonCase,
  envExpansionCase,
];

function expectCleanDiagnostics(diagnostics: readonly Diagnostic[]): void {
  for (const diagnostic of diagnostics) {
    expect(typeof diagnostic.message).toBe('string');
    expect(formatDiagnostic(diagnostic)).not.toMatch(/\n\s+at .+:\d+:\d+/);
  }
}

/** Runs `step`; only an HdevError may come out of it, with a message and no stack in it. */
function onlyHdevErrors(step: () => void): void {
  try {
    step();
  } catch (error) {
    expect(error, String((error as Error).stack)).toBeInstanceOf(HdevError);
    expect((error as HdevError).message).not.toMatch(/\n\s+at /);
  }
}

function parseEverything(text: string): void {
  const procfile = parseProcfile(text, 'Procfile');
  expectCleanDiagnostics(procfile.diagnostics);
  const env = parseEnvFile(text, '.env');
  expectCleanDiagnostics(env.diagnostics);
  const configVars = mergeConfigVars([{ file: '.env', entries: env.value }], { HOME: '/home/x' });
  expectCleanDiagnostics(configVars.diagnostics);
  const appJson = parseAppJson(text, 'app.json');
  expectCleanDiagnostics(appJson.diagnostics);
  const formation = resolveFormation(
    procfile.value.types.map((type) => type.name),
    appJson.value?.formation,
    undefined,
  );
  expectCleanDiagnostics(formation.diagnostics);
  for (const quantity of formation.value.values()) expect(quantity).toBeLessThanOrEqual(100);
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function loadFromDisk(text: string, random: Random): void {
  const dir = mkdtempSync(join(tmpdir(), 'hdev-fuzz-'));
  dirs.push(dir);
  const procfile = random() < 0.5 ? text : `web: node server.js\n${text}`;
  writeFileSync(join(dir, 'Procfile'), procfile);
  writeFileSync(join(dir, '.env'), text);
  writeFileSync(join(dir, 'app.json'), random() < 0.5 ? text : appJsonCase(random));
  onlyHdevErrors(() => {
    const app = loadApp({ appDir: dir }, {});
    expectCleanDiagnostics(app.diagnostics);
    expectCleanDiagnostics(spawnProblems(app));
  });
}

describe('parsers and the loading path on hostile input', () => {
  it(`answer ${CASES} seeded cases with values, diagnostics or HdevError, in bounded time`, () => {
    const random = prng(SEED);
    const started = Date.now();
    for (let index = 0; index < CASES; index++) {
      const generator = GENERATORS[index % GENERATORS.length] ?? bytesCase;
      const text = generator(random);
      const caseStarted = Date.now();
      try {
        onlyHdevErrors(() => parseEverything(text));
        if (index % Math.ceil(CASES / DISK_CASES) === 0) loadFromDisk(text, random);
      } catch (error) {
        throw new Error(
          `case ${index} (${generator.name}, seed ${SEED}): ${JSON.stringify(text.slice(0, 200))}`,
          { cause: error },
        );
      }
      expect(Date.now() - caseStarted, `case ${index} (${generator.name})`).toBeLessThan(
        CASE_BUDGET_MS,
      );
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    // The heap stays small: no input may make a parser build something huge.
    expect(process.memoryUsage().heapUsed).toBeLessThan(512 * 1024 * 1024);
    // About 2 s on an idle machine; the test's own timeout leaves room for a loaded one.
  }, 20_000);
});
