import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { mergeConfigVars } from '../../../src/config/config-vars.js';
import {
  configKeyProblem,
  configValueProblem,
  parseAssignments,
  setConfigVars,
  unsetConfigVars,
} from '../../../src/config/env-editor.js';
import { parseEnvFile } from '../../../src/config/env-file.js';
import { formatDiagnostic } from '../../../src/domain/diagnostic.js';

/** What hdev reads from an env file: dotenv's parse, then the config-var expansion. */
function configOf(text: string): { values: Record<string, string>; diagnostics: string[] } {
  const parsed = parseEnvFile(text, '.env');
  const merged = mergeConfigVars([{ file: '.env', entries: parsed.value }], {});
  return {
    values: merged.value.values,
    diagnostics: [...parsed.diagnostics, ...merged.diagnostics].map(formatDiagnostic),
  };
}

function set(text: string, vars: Record<string, string>): string {
  return setConfigVars(text, new Map(Object.entries(vars)));
}

const PEM = [
  '# signing key',
  'PRIVATE_KEY="-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
  '-----END PRIVATE KEY-----" # rotated yearly',
  'AFTER=1',
].join('\n');

const TRICKY: [string, string][] = [
  ['empty', ''],
  ['plain', 'abc'],
  ['a URL with = and ?', 'postgres://u:p@h:5432/db?sslmode=require&a=b'],
  ['spaces', 'hello world'],
  ['blanks at both ends', '  padded  '],
  ['a tab', 'a\tb'],
  ['#', 'a#b'],
  ['# after a space', 'a #b'],
  ['a double quote', 'say "hi"'],
  ['a single quote', "it's"],
  ['a backtick', 'run `ls`'],
  ['single and double quotes', `it's "x"`],
  ['all three quotes on one line', `'a' "b" \`c\``],
  ['all three quotes and a newline', 'a\'b"c`d\ne'],
  ['all three quotes and a literal backslash-n', 'a\'b"c`d\\n'],
  ['a double quote, a single quote and a newline', 'it\'s\n"x"'],
  ['JSON', '{"a":"x\\ny","b":[1,2]}'],
  ['$', 'pa$word'],
  ['${NAME}', '${HOME}/bin'],
  ['$ with a default', '${X:-fallback}'],
  ['an escaped $', 'a\\$b'],
  ['a newline', 'line 1\nline 2'],
  ['a trailing newline', 'end\n'],
  ['CRLF', 'a\r\nb'],
  ['a lone CR', 'a\rb'],
  ['a literal backslash-n', 'C:\\new'],
  ['a backslash before a newline', 'a\\\nb'],
  ['a trailing backslash', 'C:\\dir\\'],
  ['a trailing backslash and a space', 'C:\\my dir\\'],
  ['only a backslash', '\\'],
  ['unicode', 'héllo wörld ✓ 日本'],
  ['a line separator', 'a\u2028b'],
  ['a quote alone', '"'],
  ['quotes at both ends', '"quoted"'],
  ['a PEM key', '-----BEGIN KEY-----\nMIIE\n-----END KEY-----'],
];

describe('setConfigVars: every value reads back exactly', () => {
  const bases: [string, string][] = [
    ['an empty file', ''],
    ['a file without the key', '# app\nOTHER=1\n'],
    ['a file without a final newline', 'OTHER=1'],
    ['a bare assignment', 'OTHER=1\nKEY=old # note\nLAST=2\n'],
    ['an exported assignment', 'export KEY=old\nLAST=2\n'],
    ['a multiline assignment', 'KEY="a\nb\nc"\nLAST=2\n'],
    ['a single-quoted assignment', "KEY='old value'\nLAST=2\n"],
    ['an empty assignment', 'KEY=\nLAST=2\n'],
    ['CRLF line breaks', 'OTHER=1\r\nKEY=old\r\nLAST=2\r\n'],
  ];
  const cases = bases.flatMap(([base, text]) =>
    TRICKY.map(([name, value]): [string, string, string, string] => [name, base, text, value]),
  );

  it.each(cases)('%s, in %s', (_name, _base, text, value) => {
    const before = configOf(text).values;
    const written = set(text, { KEY: value });
    const after = configOf(written);
    expect(after.values).toEqual({ ...before, KEY: value });
    expect(after.diagnostics).toEqual([]);
  });

  it.each(TRICKY.filter(([, value]) => !value.includes('$')))(
    'dotenv.parse alone reads back %s',
    (_name, value) => {
      expect(parse(set('', { KEY: value }))).toEqual({ KEY: value });
    },
  );

  it.each(TRICKY)('unset after set gives back the original file (%s)', (_name, value) => {
    const text = '# app\nOTHER=1\n';
    expect(unsetConfigVars(set(text, { KEY: value }), ['KEY'])).toBe(text);
  });
});

describe('setConfigVars: how values are written', () => {
  it.each<[string, string, string]>([
    ['bare when safe', 'postgres://u:p@h/db', 'K=postgres://u:p@h/db\n'],
    ['bare when empty', '', 'K=\n'],
    ['double quotes for spaces', 'a b', 'K="a b"\n'],
    ['double quotes for #', 'a#b', 'K="a#b"\n'],
    ['a newline escaped inside double quotes', 'a\nb', 'K="a\\nb"\n'],
    ['a CR escaped inside double quotes', 'a\rb', 'K="a\\rb"\n'],
    ['$ escaped for dotenv-expand', 'pa$word', 'K="pa\\$word"\n'],
    ['single quotes around a double quote', 'say "hi"', `K='say "hi"'\n`],
    ['single quotes around a literal backslash-n', 'C:\\new', "K='C:\\new'\n"],
    ['backticks around both other quotes', `it's "x"`, 'K=`it\'s "x"`\n'],
    ['double quotes around all three quotes', 'a\'b"c`d\ne', 'K="a\'b"c`d\\ne"\n'],
    ['unquoted as a last resort', 'C:\\my dir\\', 'K=C:\\my dir\\\n'],
  ])('%s', (_name, value, expected) => {
    expect(set('', { K: value })).toBe(expected);
  });
});

describe('setConfigVars: only the assignment changes', () => {
  it.each<[string, string, Record<string, string>, string]>([
    [
      'comments, blank lines, order and the inline comment stay',
      '# database\nA=1\n\nB=2 # note\nC=3\n',
      { B: 'x' },
      '# database\nA=1\n\nB=x # note\nC=3\n',
    ],
    ['`export ` stays', 'export A=1\n', { A: '2' }, 'export A=2\n'],
    ['blanks around `=` stay', 'A = old\n', { A: 'new' }, 'A = new\n'],
    ['`KEY: value` stays', 'A: old\n', { A: 'new' }, 'A: new\n'],
    ['a quoted value with a comment', 'A="old value" # c\n', { A: 'new' }, 'A=new # c\n'],
    ['an indented assignment', '  A=1\n', { A: '2' }, '  A=2\n'],
    [
      'a multiline value, with its comment',
      PEM,
      { PRIVATE_KEY: 'new' },
      '# signing key\nPRIVATE_KEY=new # rotated yearly\nAFTER=1',
    ],
    ['a one-line value becomes multiline', "A='x'\nB=2\n", { A: 'l1\nl2' }, 'A="l1\\nl2"\nB=2\n'],
    ['the last of repeated keys, which dotenv uses', 'A=1\nA=2\n', { A: '3' }, 'A=1\nA=3\n'],
    ['an empty value', 'A=\nB=1\n', { A: 'v' }, 'A=v\nB=1\n'],
    ['an empty value before a comment', 'A= # c\n', { A: 'v' }, 'A=v # c\n'],
    ['a value written against its comment', 'A=#c\n', { A: 'v' }, 'A=v #c\n'],
    [
      'a comment line after the assignment stays',
      'A=1\n# about B\nB=2\n',
      { A: 'x' },
      'A=x\n# about B\nB=2\n',
    ],
    ['new keys appended, in order', 'A=1\n', { C: '3', B: '2' }, 'A=1\nC=3\nB=2\n'],
    ['a final newline added before appending', 'A=1', { B: '2' }, 'A=1\nB=2\n'],
    ['an empty file', '', { A: '1' }, 'A=1\n'],
    ['set and append together', '# x\nA=1\n', { A: '2', B: '3' }, '# x\nA=2\nB=3\n'],
    [
      'CRLF kept, appended lines too',
      'A=1\r\nB=2\r\n',
      { B: 'x', C: 'y' },
      'A=1\r\nB=x\r\nC=y\r\n',
    ],
    ['the same value again', 'A=1 # c\n', { A: '1' }, 'A=1 # c\n'],
    ['nothing to set', '# c\nA=1', {}, '# c\nA=1'],
  ])('%s', (_name, text, vars, expected) => {
    expect(set(text, vars)).toBe(expected);
  });

  it.each<[string, string]>([
    ['an invalid name', 'MY-VAR'],
    ['a name starting with __', '__proto__'],
  ])('throws on %s', (_name, key) => {
    expect(() => set('', { [key]: 'x' })).toThrow(RangeError);
  });

  it('throws on a value dotenv cannot read back', () => {
    expect(() => set('', { A: 'a\'b"c`d #e' })).toThrow(RangeError);
  });
});

describe('unsetConfigVars', () => {
  it.each<[string, string, string[], string]>([
    ['a line in the middle', '# c\nA=1\nB=2\n', ['A'], '# c\nB=2\n'],
    ['a multiline value, whole', PEM, ['PRIVATE_KEY'], '# signing key\nAFTER=1'],
    ['every repeated assignment', 'A=1\nB=2\nA=3\n', ['A'], 'B=2\n'],
    ['several keys', 'A=1\nB=2\nC=3\n', ['A', 'C'], 'B=2\n'],
    ['an exported assignment', 'export A=1\nB=2\n', ['A'], 'B=2\n'],
    ['an indented assignment with a comment', '  A=1 # c\nB=2\n', ['A'], 'B=2\n'],
    ['the comment line after it stays', 'A=1\n# c\nB=2', ['A'], '# c\nB=2'],
    ['blank lines around it stay', 'X=1\n\n\nA=1\n\nY=2\n', ['A'], 'X=1\n\n\n\nY=2\n'],
    ['the last line without a newline', 'A=1\nB=2', ['B'], 'A=1\n'],
    ['CRLF', 'A=1\r\nB=2\r\nC=3\r\n', ['B'], 'A=1\r\nC=3\r\n'],
    ['an absent key: no change', '# c\nA=1\n\n', ['B'], '# c\nA=1\n\n'],
    ['no keys: no change', 'A=1\n', [], 'A=1\n'],
    ['a key only named in a comment: no change', '# A=1\nB=2\n', ['A'], '# A=1\nB=2\n'],
    ['the only line', 'A=1\n', ['A'], ''],
  ])('%s', (_name, text, keys, expected) => {
    expect(unsetConfigVars(text, keys)).toBe(expected);
  });
});

describe('configKeyProblem: Heroku’s `^\\w+$`', () => {
  it.each<[string, boolean]>([
    ['DATABASE_URL', true],
    ['lower_case', true],
    ['_LEADING', true],
    ['A1', true],
    ['1A', true],
    ['', false],
    ['MY-VAR', false],
    ['MY.VAR', false],
    ['MY VAR', false],
    ['ÉTÉ', false],
    ['__SECRET', false],
  ])('%s → accepted: %s', (key, accepted) => {
    expect(configKeyProblem(key) === undefined).toBe(accepted);
  });

  it('names the key', () => {
    expect(configKeyProblem('MY-VAR')).toBe(
      'MY-VAR is not a valid config var name: Heroku allows only letters, digits and _',
    );
  });
});

describe('configValueProblem', () => {
  it.each(TRICKY)('accepts %s', (_name, value) => {
    expect(configValueProblem(value)).toBeUndefined();
  });

  it.each<[string, string]>([
    ['all three quotes, a line break and a #', 'a\'b"c`d\n#e'],
    ['all three quotes and a # at the start', '#\'"`'],
    ['all three quotes and a #', `'a' "b" \`c\` #d`],
  ])('refuses %s', (_name, value) => {
    expect(configValueProblem(value)).toBeDefined();
  });
});

describe('parseAssignments: `heroku config:set` arguments', () => {
  it.each<[string, string[], [string, string][]]>([
    ['one', ['A=1'], [['A', '1']]],
    [
      'several, in order',
      ['B=2', 'A=1'],
      [
        ['B', '2'],
        ['A', '1'],
      ],
    ],
    ['`=` inside the value', ['URL=a=b=c'], [['URL', 'a=b=c']]],
    ['an empty value', ['A='], [['A', '']]],
    ['spaces and quotes in the value', ['A=it\'s "x"'], [['A', 'it\'s "x"']]],
    ['a repeated key: the last wins', ['A=1', 'A=2'], [['A', '2']]],
  ])('%s', (_name, args, expected) => {
    const result = parseAssignments(args);
    expect(result).toEqual({ ok: true, vars: new Map(expected) });
  });

  it.each<[string, string[], string]>([
    ['no `=`', ['A=1', 'FOO'], 'FOO is invalid. Must be in the format FOO=bar.'],
    ['no arguments', [], 'Must specify KEY and VALUE to set.'],
    [
      'a bad name',
      ['MY-VAR=1'],
      'MY-VAR is not a valid config var name: Heroku allows only letters, digits and _',
    ],
    ['an empty name', ['=1'], 'a config var name cannot be empty'],
  ])('%s', (_name, args, message) => {
    const result = parseAssignments(args);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toBe(message);
      expect(result.hint).not.toBe('');
    }
  });

  it('refuses a value dotenv cannot read back', () => {
    const result = parseAssignments(['A=a\'b"c`d #e']);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^A: dotenv cannot read this value back/);
  });
});

describe('setConfigVars: random values read back, or are refused', () => {
  /** A small deterministic generator (mulberry32), so a failure can be replayed. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const ALPHABET = ['a', 'Z', '0', ' ', '\t', '#', '$', '{', '}', '\\', 'n', 'r', '=', ':'];
  const QUOTES = ["'", '"', '`', '\n', '\r', '\r\n', 'é'];
  // Lines after the edited one that a quote swallowing past its line would close on.
  const AFTER = 'X=\'y\'\nY="z"\nZ=don\'\nW=`v`\nV=end"\n';
  const next = random(20261123);
  const values = Array.from({ length: 400 }, () => {
    const length = Math.floor(next() * 10);
    return Array.from({ length }, () => {
      const pool = next() < 0.3 ? QUOTES : ALPHABET;
      return pool[Math.floor(next() * pool.length)] ?? '';
    }).join('');
  });

  it.each(values.map((value) => [JSON.stringify(value), value]))('%s', (_shown, value) => {
    for (const text of [AFTER, `KEY=old\n${AFTER}`, `KEY="a\nb"\n${AFTER}`]) {
      if (configValueProblem(value) !== undefined) {
        expect(() => set(text, { KEY: value })).toThrow(RangeError);
        continue;
      }
      const before = configOf(text).values;
      expect(configOf(set(text, { KEY: value })).values).toEqual({ ...before, KEY: value });
    }
  });
});
