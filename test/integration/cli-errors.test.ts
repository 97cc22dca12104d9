// Bad input: one message that says what, where and what to do; exit code 2; no stack trace.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev, testEnv } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';

const PROCFILE = 'web: node server.js\nworker: node worker.js\n';

describe('hdev: user errors', () => {
  it.each([
    ['no Procfile', {}, ['start'], /Procfile .*Procfile does not exist/, /-f\/--procfile/],
    [
      'a misnamed Procfile',
      { 'Procfile.txt': PROCFILE },
      ['start'],
      /does not exist/,
      /Found Procfile\.txt/,
    ],
    [
      'a Node app with no Procfile, no start script and no server.js',
      { 'package.json': '{"scripts":{"test":"node --test"}}' },
      ['start'],
      /Procfile .*Procfile does not exist/,
      /no start script and there is no server\.js \(Node\.js buildpack\)/,
    ],
    [
      'a Python app with no Procfile (its buildpack has no default)',
      { 'requirements.txt': 'flask\n' },
      ['start'],
      /Procfile .*Procfile does not exist/,
      /Python buildpack declares no default process types/,
    ],
    [
      'an explicit -f that does not exist, even with a buildpack default',
      { 'package.json': '{"scripts":{"start":"node web.js"}}' },
      ['start', '-f', 'Procfile.dev'],
      /Procfile Procfile\.dev does not exist/,
      /-f\/--procfile/,
    ],
    ['an unknown process type', { Procfile: PROCFILE }, ['start', 'wbe=2'], /wbe/, /web, worker/],
    ['a bad formation', { Procfile: PROCFILE }, ['start', 'web=-1'], /web=-1|-1/, /./],
    [
      'a bad port',
      { Procfile: PROCFILE },
      ['start', '-p', 'abc'],
      /--port: "abc" is not a port number/,
      /1024 to 65535/,
    ],
    [
      'a privileged port',
      { Procfile: PROCFILE },
      ['start', '-p', '80'],
      /--port: 80 is a privileged port/,
      /./,
    ],
    [
      'a missing env file',
      { Procfile: PROCFILE },
      ['start', '-e', 'nope.env'],
      /Env file nope\.env does not exist/,
      /-e\/--env/,
    ],
    [
      'a bad timeout',
      { Procfile: PROCFILE },
      ['start', '-t', '0'],
      /--timeout must be a number of seconds from 0.001 to 2147483, not "0"/,
      /./,
    ],
    [
      'an unknown flag',
      { Procfile: PROCFILE },
      ['start', '--frobnicate'],
      /unknown option '--frobnicate'/,
      /hdev --help/,
    ],
    ['an unknown command', { Procfile: PROCFILE }, ['strat'], /unknown command 'strat'/, /start/],
    [
      'a bad format',
      { Procfile: PROCFILE },
      ['start', '--format', 'xml'],
      /--format/,
      /foreman, heroku, json/,
    ],
    [
      'a missing app dir',
      { Procfile: PROCFILE },
      ['start', '-d', 'nowhere'],
      /App directory nowhere does not exist/,
      /-d\/--app-dir/,
    ],
  ])('%s', async (_name, files, args, message, hint) => {
    const result = await runHdev(args, { cwd: makeApp(files) });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(hint);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stdout).toBe('');
  });

  it('a file where the control sockets’ folder belongs: start says so, clients see no start', async () => {
    const app = makeApp({ Procfile: PROCFILE, 'runtime-file': '' });
    const env = testEnv({ XDG_RUNTIME_DIR: join(app, 'runtime-file') });
    const start = await runHdev(['start'], { cwd: app, env });
    expect(start.exitCode).toBe(2);
    expect(start.stderr).toMatch(/^hdev: cannot make .*runtime-file\/hdev-\d+: ENOTDIR/);
    expect(start.stderr).toMatch(/set XDG_RUNTIME_DIR to a directory only you can use/);
    const ps = await runHdev(['ps'], { cwd: app, env });
    expect(ps.exitCode).toBe(1);
    expect(ps.stderr).toMatch(/^hdev: no hdev start is running for /);
  });

  it.each([[['addons:create', 'heroku-redis']], [['git:remote']]])(
    'a file where hdev’s data folder belongs: %j says which folder and what to do',
    async (args) => {
      const app = makeApp({ Procfile: PROCFILE, 'data-file': '' });
      execFileSync('git', ['init', '-q'], { cwd: app });
      const result = await runHdev(args, {
        cwd: app,
        env: testEnv({ XDG_DATA_HOME: join(app, 'data-file') }),
      });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/^hdev: cannot make hdev's data folder .*data-file.*: ENOTDIR/);
      expect(result.stderr).toContain('make that a folder you can write to');
    },
  );

  it('shows a stack trace with --debug', async () => {
    const result = await runHdev(['start', '--debug'], { cwd: makeApp({}) });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('warns at start about Procfile lines Heroku would silently ignore, with Procfile:LINE', async () => {
    const app = makeApp({ Procfile: 'web:node server.js\nworker: sleep 300\n' });
    const hdev = new HdevProcess(['start', '-p', String(await freeBasePort())], { cwd: app });
    await hdev.waitForLine(/worker\.1 +\| State changed from starting to up/);
    expect(hdev.stderr).toMatch(/Procfile:1:.*error:/);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });
});

describe('hdev check', () => {
  it('reports a valid app and exits 0', async () => {
    const app = makeApp({
      Procfile: 'web: node server.js\nworker: node worker.js\nrelease: node migrate.js\n',
      '.env': 'A=1\nB=2\n',
    });
    const result = await runHdev(['check'], { cwd: app });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('valid Procfile: web, worker, release');
    expect(result.stdout).toContain('config vars: 2 from .env');
  });

  it('reports every problem with file:LINE and exits 1', async () => {
    const app = makeApp({
      Procfile: 'web:node server.js\nworker: node worker.js\n&&&&&\n',
      '.env': 'GOOD=1\nthis is not a var\n',
      'app.json': '{ "env": { "SECRET_KEY": { "required": true } } }',
    });
    const result = await runHdev(['check'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^Procfile:1:.*error/m);
    expect(result.stdout).toMatch(/^Procfile:3:.*error/m);
    expect(result.stdout).toMatch(/^\.env:2:.*warning/m);
    expect(result.stdout).toMatch(/app\.json.*SECRET_KEY/);
  });
});
