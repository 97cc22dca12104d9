import { describe, expect, it } from 'vitest';
import { parseProcfile } from '../../../src/config/procfile.js';
import { formatDiagnostic } from '../../../src/domain/diagnostic.js';

/** `[name, command, line]` for each process type, in order. */
function typesOf(text: string): [string, string, number][] {
  return parseProcfile(text, 'Procfile').value.types.map((type) => [
    type.name,
    type.command,
    type.line,
  ]);
}

/** Each diagnostic as `hdev check` prints it: `file:line:column: severity: message`, then the hint. */
function diagnosticsOf(text: string, file = 'Procfile'): string[] {
  return parseProcfile(text, file).diagnostics.map(formatDiagnostic);
}

const NO_TYPES =
  'Procfile: error: no process types: Heroku would start no dynos from this Procfile\n  Add a line such as `web: npm start`.';

describe('parseProcfile: the grammar of Heroku’s slug compiler', () => {
  it.each<[string, string, [string, string, number][]]>([
    ['one type', 'web: npm start', [['web', 'npm start', 1]]],
    [
      'several types, in file order',
      'web: npm start\nworker: node worker.js\nrelease: node migrate.js\n',
      [
        ['web', 'npm start', 1],
        ['worker', 'node worker.js', 2],
        ['release', 'node migrate.js', 3],
      ],
    ],
    [
      'a hyphenated name (heroku local rejects it)',
      'my-worker: node w.js',
      [['my-worker', 'node w.js', 1]],
    ],
    ['digits and underscores in names', 'worker_2: x', [['worker_2', 'x', 1]]],
    ['leading indentation', '   web: x', [['web', 'x', 1]]],
    ['several spaces or a tab after the colon', 'web:\t  x', [['web', 'x', 1]]],
    ['trailing whitespace is trimmed', 'web: node a.js  \t', [['web', 'node a.js', 1]]],
    [
      'colons and `#` inside the command are kept',
      'web: echo a: b # not a comment',
      [['web', 'echo a: b # not a comment', 1]],
    ],
    [
      'comments, indented comments, blank and whitespace-only lines',
      '# comment\n  # indented comment\n\n   \t\nweb: x\n',
      [['web', 'x', 5]],
    ],
    ['no colon: Heroku still reads the line', 'web npm start', [['web', 'npm start', 1]]],
    [
      'a space before the colon: Heroku reads `: cmd`',
      'web : npm start',
      [['web', ': npm start', 1]],
    ],
    [
      'a repeated name: the last command wins, in the first position',
      'web: a\nworker: b\nweb: c',
      [
        ['web', 'c', 3],
        ['worker', 'b', 2],
      ],
    ],
    [
      'CRLF line endings',
      'web: a\r\nworker: b\r\n',
      [
        ['web', 'a', 1],
        ['worker', 'b', 2],
      ],
    ],
    [
      'a lone CR ends a line too',
      'web: a\rworker: b',
      [
        ['web', 'a', 1],
        ['worker', 'b', 2],
      ],
    ],
    [
      'lines Heroku ignores',
      'web:npm start\n: rails s\nworker:\n&&&&&\nclock\nweb.1: x\nok: yes',
      [['ok', 'yes', 7]],
    ],
    ['a trailing backslash stays in the command', 'web: a \\\n  --b', [['web', 'a \\', 1]]],
    [
      'a continuation line that Heroku would read as a type of its own is left out',
      'web: a \\\n  --port $PORT',
      [['web', 'a \\', 1]],
    ],
    ['an empty file', '', []],
    ['a byte order mark hides the first line', '\uFEFFweb: x\nworker: y', [['worker', 'y', 2]]],
  ])('%s', (_name, text, expected) => {
    expect(typesOf(text)).toEqual(expected);
  });
});

describe('parseProcfile: diagnostics', () => {
  it.each<[string, string, string[]]>([
    ['a valid Procfile', 'web: npm start\nworker: node w.js\n', []],
    [
      'no space after the colon',
      'web: ok\nworker:node w.js',
      [
        'Procfile:2:8: error: Heroku ignores this line: it needs a space after `worker:`\n  Write `worker: node w.js`.',
      ],
    ],
    [
      'no name before the colon',
      'web: ok\n  : rails s',
      [
        'Procfile:2:3: error: Heroku ignores this line: it has no process type name before the colon\n  Name it, for example `web: rails s`.',
      ],
    ],
    [
      'a name with a colon and nothing after it',
      'web: ok\nworker:',
      [
        'Procfile:2:1: error: Heroku ignores this line: `worker` has no command\n  Write the command after the colon and a space: `worker: <command>`.',
      ],
    ],
    [
      'a name with a colon and only spaces after it',
      'web: ok\nworker:   ',
      [
        'Procfile:2:1: error: process type `worker` has no command\n  Write the command after the colon and a space: `worker: <command>`.',
      ],
    ],
    [
      'a lone word',
      'web: ok\nclock',
      [
        'Procfile:2:1: error: Heroku ignores this line: `clock` has no command\n  Write the command after the colon and a space: `clock: <command>`.',
      ],
    ],
    [
      'stray text',
      'web: ok\n&&&&&',
      [
        'Procfile:2:1: error: Heroku ignores this line: it is not `name: command`\n  Write process types as `name: command`; comment lines start with `#`.',
      ],
    ],
    [
      'characters Heroku does not allow in a name',
      'web: ok\nweb.1: x',
      [
        'Procfile:2:4: error: Heroku ignores this line: process type names may only use letters, digits, `_` and `-` (`web.1`)\n  Rename it, for example `web-1`.',
      ],
    ],
    [
      'a quoted name',
      'web: ok\n"worker": node w.js',
      [
        'Procfile:2:1: error: Heroku ignores this line: process type names may only use letters, digits, `_` and `-` (`"worker"`)\n  Rename it, for example `worker`.',
      ],
    ],
    [
      'a byte order mark',
      '\uFEFFweb: x\nworker: y',
      [
        'Procfile:1:1: error: Heroku ignores this line: it starts with an invisible byte order mark (BOM)\n  Save the file as UTF-8 without a BOM.',
      ],
    ],
    [
      'a space before the colon',
      'web : npm start',
      [
        'Procfile:1:5: error: Heroku reads this line as process type `web` with the command `: npm start` (there is a space before the colon): bash runs nothing and the dyno exits at once\n  Remove the space before the colon: `web: npm start`.',
      ],
    ],
    [
      'no colon at all',
      '  web npm start',
      [
        "Procfile:1:6: warning: there is no colon after `web`: Heroku accepts this line, but foreman, heroku local and Heroku's newer Procfile spec do not\n  Write `web: npm start`.",
      ],
    ],
    [
      'a repeated name',
      'web: a\nworker: b\n  web: c',
      [
        'Procfile:3:3: warning: process type `web` is declared again: this line replaces line 1 (the last one wins, as on Heroku)\n  Remove one of the two lines.',
      ],
    ],
    [
      'a type named run',
      'run: node jobs.js',
      [
        'Procfile:1:1: warning: a process type named `run` collides with one-off dynos, which Heroku names run.1, run.2, …\n  Choose another name, such as `runner`.',
      ],
    ],
    [
      'uppercase and `_` in a name',
      'My_Worker: x',
      [
        "Procfile:1:1: warning: process type `My_Worker` does not follow Heroku's newer Procfile spec (Cloud Native Buildpacks), which rewrites uppercase letters and `_` (with a warning)\n  Use lowercase letters, digits and inner `-`, at most 63 characters, such as `my-worker`.",
      ],
    ],
    [
      'a name that starts with `-`',
      '-web: x',
      [
        "Procfile:1:1: warning: process type `-web` does not follow Heroku's newer Procfile spec (Cloud Native Buildpacks), which rejects names that start or end with `-`\n  Use lowercase letters, digits and inner `-`, at most 63 characters.",
      ],
    ],
    [
      'a name of 64 characters',
      `${'a'.repeat(64)}: x`,
      [
        "Procfile:1:1: warning: process type `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa` does not follow Heroku's newer Procfile spec (Cloud Native Buildpacks), which allows at most 63 characters\n  Use lowercase letters, digits and inner `-`, at most 63 characters.",
      ],
    ],
    [
      'a name of 129 characters',
      `${'a'.repeat(129)}: x`,
      [
        'Procfile:1:1: error: process type `aaaaaaaaaaaaaaaaaaaa…` has 129 characters; Heroku allows at most 128\n  Use a shorter name.',
      ],
    ],
    [
      'CRLF line endings: one warning, at the first one',
      'web: a\nworker: b\r\nclock: c\r\n',
      [
        "Procfile:2: warning: the Procfile has Windows (CRLF) line endings\n  Heroku tolerates them, but a script saved with CRLF fails to start (`/usr/bin/env: 'bash\\r'`): use LF line endings (dos2unix, or your editor's setting).",
      ],
    ],
    [
      'a trailing backslash, and the line it was meant to continue',
      'web: node server.js \\\n  --port $PORT',
      [
        'Procfile:1:21: warning: the line ends with `\\`, but a Procfile has no line continuations: Heroku runs the command with the `\\` and reads the next line on its own\n  Put the whole command on one line, or move it into a script.',
        'Procfile:2:3: error: this line continues the line above, but a Procfile has no line continuations: Heroku reads it as process type `--port` with the command `$PORT`\n  Put the whole command on one line, or move it into a script.',
      ],
    ],
    [
      'a trailing backslash before a line that is no process type at all',
      'web: node server.js \\\n  && echo done',
      [
        'Procfile:1:21: warning: the line ends with `\\`, but a Procfile has no line continuations: Heroku runs the command with the `\\` and reads the next line on its own\n  Put the whole command on one line, or move it into a script.',
        'Procfile:2:3: error: Heroku ignores this line: it continues the line above, but a Procfile has no line continuations\n  Put the whole command on one line, or move it into a script.',
      ],
    ],
    [
      'a trailing backslash by mistake before a real process type',
      'web: node server.js \\\nworker: node w.js',
      [
        'Procfile:1:21: warning: the line ends with `\\`, but a Procfile has no line continuations: Heroku runs the command with the `\\` and reads the next line on its own\n  Put the whole command on one line, or move it into a script.',
      ],
    ],
    ['an empty file', '', [NO_TYPES]],
    ['only comments', '# web: npm start\n', [NO_TYPES]],
  ])('%s', (_name, text, expected) => {
    expect(diagnosticsOf(text)).toEqual(expected);
  });

  it('reports each ignored line, then that there are no process types', () => {
    const located = diagnosticsOf('web:npm start\n&&&&&').map((line) => line.split(': ')[0]);
    expect(located).toEqual(['Procfile:1:5', 'Procfile:2:1', 'Procfile']);
  });

  it('names the file as it was given', () => {
    expect(diagnosticsOf('web:x', 'apps/api/Procfile')[0]).toMatch(
      /^apps\/api\/Procfile:1:5: error:/,
    );
  });
});
