import { describe, expect, it } from 'vitest';
import { mergeConfigVars } from '../../../src/config/config-vars.js';
import { parseEnvFile } from '../../../src/config/env-file.js';
import { formatDiagnostic } from '../../../src/domain/diagnostic.js';

type Files = Record<string, string>;

/** Parses each env file, then merges them in the order given. */
function merge(files: Files, shellEnv: Record<string, string | undefined> = {}) {
  const parsed = Object.entries(files).map(([file, text]) => ({
    file,
    entries: parseEnvFile(text, file).value,
  }));
  return mergeConfigVars(parsed, shellEnv);
}

const SHELL = { HOME: '/home/dev', PATH: '/usr/bin:/bin', USER: 'dev', A: 'from-shell' };

describe('mergeConfigVars: merging and precedence', () => {
  it.each<[string, Files, Record<string, string>]>([
    ['one file', { '.env': 'A=1\nB=2' }, { A: '1', B: '2' }],
    [
      'later files win',
      { '.env': 'A=1\nB=2', '.env.local': 'B=3\nC=4' },
      { A: '1', B: '3', C: '4' },
    ],
    ['a repeated key in one file: the last wins', { '.env': 'A=1\nA=2' }, { A: '2' }],
    ['no files', {}, {}],
  ])('%s', (_name, files, values) => {
    expect(merge(files).value.values).toEqual(values);
  });

  it('keeps the position of the first definition, like dotenv’s object', () => {
    const { values } = merge({ '.env': 'A=1\nB=2', '.env.local': 'C=3\nA=4' }).value;
    expect(Object.entries(values)).toEqual([
      ['A', '4'],
      ['B', '2'],
      ['C', '3'],
    ]);
  });

  it('records the file and line of the winning entry', () => {
    const { origins } = merge({ '.env': '# c\nA=1\nB=2', '.env.local': '\nB=3' }).value;
    expect(origins).toEqual({
      A: { file: '.env', line: 2 },
      B: { file: '.env.local', line: 2 },
    });
  });

  it('config vars win over the shell environment', () => {
    expect(merge({ '.env': 'A=from-file' }, SHELL).value.values).toEqual({ A: 'from-file' });
  });
});

describe('mergeConfigVars: expansion with dotenv-expand', () => {
  it.each<[string, string, Record<string, string | undefined>, Record<string, string>]>([
    ['a config var defined above', 'A=1\nB=${A}-x', {}, { A: '1', B: '1-x' }],
    ['`$VAR` without braces', 'A=1\nB=$A/x', {}, { A: '1', B: '1/x' }],
    ['the shell environment', 'DIR=${HOME}/app', SHELL, { DIR: '/home/dev/app' }],
    ['config vars before the shell', 'A=file\nB=$A', SHELL, { A: 'file', B: 'file' }],
    [
      'a self-reference extends the shell’s value',
      'PATH=$PATH:./bin',
      SHELL,
      { PATH: '/usr/bin:/bin:./bin' },
    ],
    ['a default for an unset name', 'A=${NOPE:-fallback}', {}, { A: 'fallback' }],
    ['an escaped `$` stays literal', 'A=\\$HOME', SHELL, { A: '$HOME' }],
    ['single quotes do not stop expansion (dotenv-expand)', "A='$USER'", SHELL, { A: 'dev' }],
    ['an unset name expands to nothing', 'A=x${NOPE}y', {}, { A: 'xy' }],
    ['a config var defined further down is not seen yet', 'A=$B\nB=1', {}, { A: '', B: '1' }],
    [
      'a reference sees the shell value until the file assigns the name (as if sourced)',
      'B=$A\nA=file',
      SHELL,
      { B: SHELL.A, A: 'file' },
    ],
  ])('%s', (_name, text, shell, values) => {
    expect(merge({ '.env': text }, shell).value.values).toEqual(values);
  });

  it('expands across files in reading order, as if the files were sourced one after another', () => {
    const { values } = merge({
      '.env': 'HOST=a\nURL=http://$HOST',
      '.env.local': 'HOST=b\nAPI=http://$HOST/api',
    }).value;
    expect(values).toEqual({ HOST: 'b', URL: 'http://a', API: 'http://b/api' });
  });

  it('lets an override in a later file use a var from an earlier file', () => {
    const { values } = merge({
      'a.env': 'GREETING=first\nBOTH=a',
      'b.env': 'GREETING="${BOTH} then second"',
    }).value;
    expect(values.GREETING).toBe('a then second');
  });

  it('neither reads nor writes process.env', () => {
    const before = { ...process.env };
    const shell = { ...SHELL };
    const { values } = merge({ '.env': 'HDEV_TEST_ONLY=1\nA=2\nB=$A' }, shell).value;
    expect(values).toEqual({ HDEV_TEST_ONLY: '1', A: '2', B: '2' });
    expect(process.env).toEqual(before);
    expect(shell).toEqual(SHELL);
  });
});

describe('mergeConfigVars: diagnostics', () => {
  it.each<[string, Files, Record<string, string | undefined>, string[]]>([
    ['clean files', { '.env': 'A=1\nB=$A\nC=${NOPE:-x}' }, {}, []],
    [
      'PORT in an env file',
      { '.env': 'A=1\nPORT=3000' },
      {},
      [
        '.env:2: warning: PORT is set in an env file, but hdev assigns PORT to each dyno, as Heroku does: this value is not used\n  Remove it, and choose the base port with -p/--port.',
      ],
    ],
    [
      'PORT in two env files',
      { '.env': 'PORT=1', 'test.env': 'PORT=2' },
      {},
      [
        '.env:1: warning: PORT is set in an env file, but hdev assigns PORT to each dyno, as Heroku does: this value is not used\n  Remove it, and choose the base port with -p/--port.',
        'test.env:1: warning: PORT is set in an env file, but hdev assigns PORT to each dyno, as Heroku does: this value is not used\n  Remove it, and choose the base port with -p/--port.',
      ],
    ],
    [
      'a reference to a config var set further down',
      { '.env': 'URL=http://$HOST\nHOST=localhost' },
      {},
      [
        '.env:1: warning: URL refers to HOST, which is set further down (.env:2); references are expanded in reading order, so URL does not see it\n  Move HOST=… above URL.',
      ],
    ],
    [
      'a reference to a name set nowhere',
      { '.env': 'PASSWORD=pa$word' },
      { HOME: '/home/dev' },
      [
        '.env:1: warning: PASSWORD refers to $word, which is set neither above it nor in the shell, so it expands to nothing\n  Write \\$ for a literal $, or give a default: ${word:-value}.',
      ],
    ],
  ])('%s', (_name, files, shell, expected) => {
    expect(merge(files, shell).diagnostics.map(formatDiagnostic)).toEqual(expected);
  });

  it('lists warnings in file order, then line order', () => {
    const { diagnostics } = merge({ '.env': 'PORT=1\nA=$B\nB=2', 'test.env': 'C=$nope' });
    expect(diagnostics.map((d) => `${d.file}:${d.line ?? ''}`)).toEqual([
      '.env:1',
      '.env:2',
      'test.env:1',
    ]);
  });

  it('warns when names and values exceed Heroku’s 32 kB', () => {
    const justUnder = `K=${'x'.repeat(32 * 1024 - 1)}`;
    expect(merge({ '.env': justUnder }).diagnostics).toEqual([]);
    const over = merge({ '.env': 'A=1', '.env.local': `K=${'x'.repeat(32 * 1024)}` });
    expect(over.diagnostics.map(formatDiagnostic)).toEqual([
      '.env, .env.local: warning: the config vars take 32771 bytes (names plus values); Heroku allows 32 kB per app\n  Keep large values (certificates, JSON blobs) in files or an add-on instead.',
    ]);
  });
});
