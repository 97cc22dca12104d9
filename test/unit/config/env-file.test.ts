import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../../src/config/env-file.js';
import { formatDiagnostic } from '../../../src/domain/diagnostic.js';

/** `[key, value, line]` for each entry, in file order. */
function entriesOf(text: string): [string, string, number][] {
  return parseEnvFile(text, '.env').value.map((entry) => [entry.key, entry.value, entry.line]);
}

function diagnosticsOf(text: string, file = '.env'): string[] {
  return parseEnvFile(text, file).diagnostics.map(formatDiagnostic);
}

const PEM = [
  'PRIVATE_KEY="-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
  'bm9ub25zZW5zZQ==',
  '-----END PRIVATE KEY-----"',
  'AFTER=1',
].join('\n');

describe('parseEnvFile: dotenv’s grammar', () => {
  it.each<[string, string, [string, string, number][]]>([
    ['KEY=value', 'A=1', [['A', '1', 1]]],
    ['an `export ` prefix (foreman drops these lines)', 'export KEY=v', [['KEY', 'v', 1]]],
    ['an empty value', 'A=', [['A', '', 1]]],
    ['spaces inside an unquoted value are kept', 'A=hello world', [['A', 'hello world', 1]]],
    ['spaces around `=` and the value are trimmed', '  A =  b  ', [['A', 'b', 1]]],
    ['an inline comment after a space', 'A=x # comment', [['A', 'x', 1]]],
    ['`#` ends an unquoted value even without a space', 'A=x#y', [['A', 'x', 1]]],
    ['`#` inside double quotes', 'A="a # b" # comment', [['A', 'a # b', 1]]],
    ['`#` inside single quotes', "A='#fff'", [['A', '#fff', 1]]],
    ['backticks', 'A=`say "hi"`', [['A', 'say "hi"', 1]]],
    ['`\\n` in double quotes is a newline', 'A="a\\nb"', [['A', 'a\nb', 1]]],
    ['`\\n` in single quotes stays as written', "A='a\\nb'", [['A', 'a\\nb', 1]]],
    [
      '`=` inside the value',
      'URL=postgres://u:p@h/db?a=b',
      [['URL', 'postgres://u:p@h/db?a=b', 1]],
    ],
    ['`KEY: value`', 'A: v', [['A', 'v', 1]]],
    ['dots and dashes in keys', 'a.b-c=1', [['a.b-c', '1', 1]]],
    [
      'a multiline PEM key in double quotes',
      PEM,
      [
        [
          'PRIVATE_KEY',
          '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nbm9ub25zZW5zZQ==\n-----END PRIVATE KEY-----',
          1,
        ],
        ['AFTER', '1', 5],
      ],
    ],
    [
      'comments, indented comments, blank and whitespace-only lines',
      '# top\n  # indented\n\n   \t\nA=1\n',
      [['A', '1', 5]],
    ],
    [
      'CRLF line endings',
      'A=1\r\nB="x\r\ny"\r\nC=3\r\n',
      [
        ['A', '1', 1],
        ['B', 'x\ny', 2],
        ['C', '3', 4],
      ],
    ],
    [
      'an unterminated quote: dotenv keeps the quote and reads on',
      'A="abc\nB=2',
      [
        ['A', '"abc', 1],
        ['B', '2', 2],
      ],
    ],
    [
      'a repeated key: both entries, in order',
      'A=1\nA=2',
      [
        ['A', '1', 1],
        ['A', '2', 2],
      ],
    ],
    ['lines dotenv skips', 'not a var\nA:v\n=x\nB=2', [['B', '2', 4]]],
    ['no variable expansion', 'A=$HOME/${USER}', [['A', '$HOME/${USER}', 1]]],
  ])('%s', (_name, text, expected) => {
    expect(entriesOf(text)).toEqual(expected);
  });

  it.each([
    PEM,
    'export A=1\nB="x\\ny" # c\nC=\'q\' \nD=`e`\nE: f\n\n# c\nG=a#b\nH="open\nI=2',
    'A="abc\nB=2\nC="\nD=4',
    "X='it''s'\nY=\"a\"\"b\"\nZ='a' b",
    'KEY\n=value\nOTHER:\nvalue',
  ])('agrees with dotenv.parse on %j', (text) => {
    const merged = Object.fromEntries(
      parseEnvFile(text, '.env').value.map((e) => [e.key, e.value]),
    );
    expect(merged).toEqual(parse(text));
  });
});

describe('parseEnvFile: diagnostics', () => {
  it.each<[string, string, string[]]>([
    ['a clean file', 'A=1\nexport B="two"\n# comment\n', []],
    [
      'a line that is not KEY=value',
      'A=1\nthis is not a var\n',
      [
        '.env:2: warning: not a KEY=value line; ignored\n  Write `KEY=value`; comment lines start with `#`.',
      ],
    ],
    [
      '`KEY:value` without a space',
      'A:v',
      [
        '.env:1: warning: not a KEY=value line; ignored\n  Write `KEY=value`; comment lines start with `#`.',
      ],
    ],
    [
      'an unterminated double quote',
      'A=1\nB="abc\nC=3',
      [
        '.env:2: warning: the " that opens the value of B is never closed, so dotenv takes the value literally, quote included: `"abc`\n  Close the quote; a quoted value may span lines, up to a line that ends with ".',
      ],
    ],
    [
      'text after the closing quote',
      "A='a' b",
      [
        ".env:1: warning: there is text after the closing ' of A's value, so dotenv takes the value literally, quote included: `'a' b`\n  Put the whole value inside the quotes, or start a comment with ` #`.",
      ],
    ],
    [
      '`#` without a space before it',
      'A=x#y',
      [
        '.env:1: warning: dotenv reads `#y` as a comment, even without a space before it: A is `x`\n  Quote the value to keep the `#`: A="x#y"',
      ],
    ],
    [
      'a colour value',
      'COLOR=#fff',
      [
        '.env:1: warning: dotenv reads `#fff` as a comment, even without a space before it: COLOR is empty\n  Quote the value to keep the `#`: COLOR="#fff"',
      ],
    ],
    ['an inline comment after a space is fine', 'A=x # y\nB= # empty', []],
    [
      'dots and dashes in a key',
      'my.app-name=1',
      [
        '.env:1: warning: Heroku rejects the config var name my.app-name: only letters, digits and `_` are allowed\n  Rename it, for example my_app_name.',
      ],
    ],
    [
      'a key starting with __',
      '__SECRET=1',
      [
        '.env:1: warning: Heroku does not allow config var names that start with `__` (__SECRET)\n  Rename it.',
      ],
    ],
    [
      'a key starting with HEROKU_',
      'HEROKU_APP_NAME=x',
      [
        '.env:1: warning: config var names that start with HEROKU_ are reserved for the platform (HEROKU_APP_NAME)\n  Rename it.',
      ],
    ],
    ['an add-on var Heroku sets itself', 'HEROKU_POSTGRESQL_RED_URL=postgres://x', []],
    [
      'a repeated key',
      'A=1\nB=2\nA=3\nA=4',
      [
        '.env:3: warning: A is set again: this value replaces line 1 (the last one wins)\n  Remove one of the two lines.',
        '.env:4: warning: A is set again: this value replaces line 3 (the last one wins)\n  Remove one of the two lines.',
      ],
    ],
    [
      'diagnostics come in line order',
      'bad line\nA=x#y\nanother bad line',
      [
        '.env:1: warning: not a KEY=value line; ignored\n  Write `KEY=value`; comment lines start with `#`.',
        '.env:2: warning: dotenv reads `#y` as a comment, even without a space before it: A is `x`\n  Quote the value to keep the `#`: A="x#y"',
        '.env:3: warning: not a KEY=value line; ignored\n  Write `KEY=value`; comment lines start with `#`.',
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(diagnosticsOf(text)).toEqual(expected);
  });

  it('never reports a line inside a multiline value', () => {
    expect(diagnosticsOf(PEM)).toEqual([]);
  });

  it('only warns, never errors', () => {
    const { diagnostics } = parseEnvFile('"\n===\nA="x\n\'\nexport\n', 'config/test.env');
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.severity === 'warning' && d.file === 'config/test.env')).toBe(
      true,
    );
  });
});
