// config:set and config:unset from many processes at once: every edit lands, nothing else in the
// env file is lost, and a running `hdev start` never releases a half-written file.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const ENV = `# database settings
BASE=1
DATABASE_URL=postgres://localhost/app # local only

# the rest
export SECRET='s3cret'
`;
const WRITERS = 10;
const ROUNDS = 3;

/** Runs `hdev <command> ARG` for every arg at once; every run must succeed. */
async function concurrently(cwd: string, runs: readonly string[][]): Promise<void> {
  const results = await Promise.all(runs.map((args) => runHdev(args, { cwd })));
  for (const result of results) {
    expect(result.exitCode, `${result.command}\n${String(result.stderr)}`).toBe(0);
  }
}

function expectOriginalLines(text: string): void {
  for (const line of ENV.split('\n').filter((line) => line !== '')) {
    expect(text.split('\n'), text).toContain(line);
  }
}

/** No lock or temporary file is left beside the env file. */
function expectNoLeftovers(dir: string): void {
  expect(readdirSync(dir).filter((name) => name.endsWith('~'))).toEqual([]);
}

describe('config:set and config:unset at the same time', () => {
  it(`keeps all ${WRITERS} keys of ${WRITERS} concurrent config:set runs, and every other line`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const app = makeApp({ '.env': ENV });
      await concurrently(
        app,
        Array.from({ length: WRITERS }, (_, i) => ['config:set', `K${i}=v${i}`]),
      );
      const text = readFileSync(join(app, '.env'), 'utf8');
      expectOriginalLines(text);
      for (let i = 0; i < WRITERS; i++) expect(text.split('\n'), text).toContain(`K${i}=v${i}`);
      expectNoLeftovers(app);
    }
  });

  it('applies concurrent sets and unsets together', async () => {
    const app = makeApp({ '.env': `${ENV}A=1\nB=2\nC=3\n` });
    await concurrently(app, [
      ['config:unset', 'A'],
      ['config:set', 'X=1'],
      ['config:unset', 'B'],
      ['config:set', 'Y=2'],
      ['config:unset', 'C'],
      ['config:set', 'Z=3'],
    ]);
    const text = readFileSync(join(app, '.env'), 'utf8');
    expectOriginalLines(text);
    expect(text).not.toMatch(/^[ABC]=/m);
    expect(text).toMatch(/^X=1$/m);
    expect(text).toMatch(/^Y=2$/m);
    expect(text).toMatch(/^Z=3$/m);
  });
});

describe('config:set writes the env file in place of the old one', () => {
  it('keeps a symlinked .env a symlink and writes its target', async () => {
    const app = makeApp({ 'config/dev.env': ENV });
    symlinkSync('config/dev.env', join(app, '.env'));
    const result = await runHdev(['config:set', 'NEW=1'], { cwd: app });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(lstatSync(join(app, '.env')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(app, 'config/dev.env'), 'utf8')).toBe(`${ENV}NEW=1\n`);
    expectNoLeftovers(join(app, 'config'));
  });

  it("keeps the file's permissions", async () => {
    const app = makeApp({ '.env': ENV });
    chmodSync(join(app, '.env'), 0o600);
    const result = await runHdev(['config:set', 'NEW=1'], { cwd: app });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(statSync(join(app, '.env')).mode & 0o777).toBe(0o600);
  });

  it('takes over a lock whose owner is gone', async () => {
    const app = makeApp({ '.env': ENV });
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(app, '.env.hdev-lock~'), `${String(gone.stdout)}\nleft-by-a-crash\n`);
    const result = await runHdev(['config:set', 'NEW=1'], { cwd: app });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(readFileSync(join(app, '.env'), 'utf8')).toBe(`${ENV}NEW=1\n`);
    expect(existsSync(join(app, '.env.hdev-lock~'))).toBe(false);
  });

  it.each([
    ['a dangling symlink', 'nowhere', /\.env is a symbolic link to nowhere, which does not exist/],
    ['a looping symlink', '.env', /\.env is a symbolic link that loops/],
  ])('refuses %s .env with a message, exit 2', async (_name, target, message) => {
    const app = makeApp({});
    symlinkSync(target, join(app, '.env'));
    const result = await runHdev(['config:set', 'NEW=1'], { cwd: app });
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toMatch(message);
    expect(String(result.stderr)).not.toMatch(/internal error|\n\s+at /);
    expect(lstatSync(join(app, '.env')).isSymbolicLink()).toBe(true);
  });
});

describe('config:set while hdev start runs', () => {
  it('releases every key and never removes the others', async () => {
    const app = makeApp({
      Procfile: `web: node ${fixture('router-app.mjs')}\n`,
      '.env': ENV,
    });
    const port = await freeBasePort();
    const hdev = new HdevProcess(['start', '-p', String(port)], { cwd: app });
    await waitFor(() => hdev.stderr.includes('routes to the web dynos'), {
      describe: () => `hdev start to listen\n${hdev.stderr}`,
    });
    await hdev.waitForLine(/web\.1 +\| State changed from starting to up/);
    await concurrently(
      app,
      Array.from({ length: WRITERS }, (_, i) => ['config:set', `K${i}=v${i}`]),
    );
    const config = await runHdev(['config', '--json'], { cwd: app });
    const vars = JSON.parse(String(config.stdout)) as Record<string, string>;
    for (let i = 0; i < WRITERS; i++) expect(vars[`K${i}`]).toBe(`v${i}`);
    expect(vars.BASE).toBe('1');
    const releases = await runHdev(['releases', '--json'], { cwd: app });
    const descriptions = (JSON.parse(String(releases.stdout)) as { description: string }[]).map(
      (release) => release.description,
    );
    expect(descriptions.filter((d) => /^(Remove|Deploy)/.test(d))).toEqual([]);
    expect(hdev.stdout).not.toMatch(/Remove .* config var/);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });
});
