// Files that are not what they seem, and inputs no process can start with: each is refused with
// a message naming the file and the problem, exit 2, before anything is bound or started.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev, testSocketPath } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';

const PROCFILE = 'web: node -e "setInterval(() => {}, 1000)"\n';

type Setup = (app: string) => void;
const fifo =
  (name: string): Setup =>
  (app) =>
    execFileSync('mkfifo', [join(app, name)]);
const link =
  (name: string, target: string): Setup =>
  (app) =>
    symlinkSync(target, join(app, name));
const directory =
  (name: string): Setup =>
  (app) =>
    mkdirSync(join(app, name));
const huge =
  (name: string, bytes: number): Setup =>
  (app) =>
    writeFileSync(join(app, name), `# ${'x'.repeat(bytes)}\n`);

function expectRefusal(result: { exitCode?: number; stderr: unknown }, message: RegExp): void {
  const stderr = String(result.stderr);
  expect(result.exitCode, stderr).toBe(2);
  expect(stderr).toMatch(message);
  expect(stderr).not.toMatch(/internal error|\n\s+at /);
}

describe('reading a file that is not a regular file, or is absurdly large', () => {
  it.each<[string, Setup, RegExp]>([
    [
      'Procfile is a FIFO',
      fifo('Procfile'),
      /Procfile is a named pipe \(FIFO\), not a regular file/,
    ],
    ['Procfile is /dev/zero', link('Procfile', '/dev/zero'), /Procfile is a character device/],
    [
      'Procfile is a directory',
      directory('Procfile'),
      /Procfile is a directory, not a regular file/,
    ],
    [
      'Procfile is 2 MiB',
      huge('Procfile', 2 * 1024 * 1024),
      /Procfile is 2 MiB, more than the 1 MiB/,
    ],
    ['.env is a FIFO', fifo('.env'), /Env file \.env is a named pipe \(FIFO\)/],
    ['.env is /dev/zero', link('.env', '/dev/zero'), /Env file \.env is a character device/],
    [
      '.env is 5 MiB',
      huge('.env', 5 * 1024 * 1024),
      /Env file \.env is 5 MiB, more than the 4 MiB/,
    ],
    [
      '.env dangles',
      link('.env', 'nowhere'),
      /Env file \.env is a symbolic link to nowhere, which does not exist/,
    ],
    ['.env loops', link('.env', '.env'), /Env file \.env is a symbolic link that loops/],
    ['app.json is a FIFO', fifo('app.json'), /app\.json is a named pipe \(FIFO\)/],
    ['app.json is /dev/zero', link('app.json', '/dev/zero'), /app\.json is a character device/],
  ])('%s: check, config and start refuse it at once, exit 2', async (_name, setup, message) => {
    const app = makeApp({});
    if (!/^Procfile/.test(_name)) writeFileSync(join(app, 'Procfile'), PROCFILE);
    setup(app);
    for (const args of [['check'], ['config'], ['start', '-p', String(await freeBasePort())]]) {
      const result = await runHdev(args, { cwd: app, timeout: 15_000 });
      expectRefusal(result, message);
    }
    expect(existsSync(testSocketPath(app))).toBe(false);
  });

  it('a missing default .env is still fine', async () => {
    const app = makeApp({ Procfile: PROCFILE });
    const result = await runHdev(['check'], { cwd: app });
    expect(result.exitCode, String(result.stdout)).toBe(0);
  });
});

describe('dyno counts above the bound', () => {
  it.each([
    ['start web=101', { Procfile: PROCFILE }, ['web=101']],
    ['start -m web=101', { Procfile: PROCFILE }, ['-m', 'web=101']],
    [
      'app.json quantity 1000000000',
      { Procfile: PROCFILE, 'app.json': '{"formation": {"web": {"quantity": 1000000000}}}' },
      [],
    ],
  ])('%s is refused like hdev scale refuses it', async (_name, files, args) => {
    const app = makeApp(files);
    const result = await runHdev(['start', ...args, '-p', String(await freeBasePort())], {
      cwd: app,
    });
    expectRefusal(result, /too many dynos/);
    expect(String(result.stderr)).toMatch(/hdev stops at 100 dynos per process type/);
  });

  it('hdev check reports an app.json quantity above the bound', async () => {
    const app = makeApp({
      Procfile: PROCFILE,
      'app.json': '{"formation": {"web": {"quantity": 1000000000}}}',
    });
    const result = await runHdev(['check'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(String(result.stdout)).toMatch(
      /app\.json: error: app\.json `formation\.web\.quantity` is 1000000000, too many dynos/,
    );
  });
});

describe('bytes no process can be started with', () => {
  it.each([
    [
      'a NUL in a Procfile command',
      { Procfile: `${PROCFILE}worker: echo a\0b\n` },
      /Procfile:2: .*`worker` contains a NUL byte/,
      /Remove the NUL byte/,
    ],
    [
      'a command over 128 KiB',
      { Procfile: `${PROCFILE}worker: echo ${'x'.repeat(200_000)}\n` },
      /Procfile:2: .*`worker` is 200005 bytes long/,
      /Move the long command into a script/,
    ],
    [
      'a NUL in an env value',
      { Procfile: PROCFILE, '.env': 'A=1\nB=x\0y\n' },
      /\.env:2: .*B contains a NUL byte/,
      /Remove the NUL byte from the value/,
    ],
    [
      'an env value over 128 KiB',
      { Procfile: PROCFILE, '.env': `BIG=${'x'.repeat(200_000)}\n` },
      /\.env:1: .*BIG=… is 200004 bytes long/,
      /Keep large values \(certificates, blobs\) in a file the app reads\.\n/,
    ],
  ])(
    '%s: check flags it at file:line, start refuses it, exit 2, no socket or process',
    async (_name, files, where, hint) => {
      const app = makeApp(files);
      const check = await runHdev(['check'], { cwd: app });
      expect(check.exitCode).toBe(1);
      expect(String(check.stdout)).toMatch(new RegExp(where.source.replace(': .*', ': error: .*')));
      const hdev = new HdevProcess(['start', '-p', String(await freeBasePort())], { cwd: app });
      const exit = await hdev.waitForExit();
      expect(exit.code, hdev.stderr).toBe(2);
      expect(hdev.stderr).toMatch(where);
      expect(hdev.stderr).toMatch(hint);
      expect(hdev.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(existsSync(testSocketPath(app))).toBe(false);
      hdev.expectNoSurvivors();
    },
  );
});
