// Every byte a command writes reaches a pipe, however slowly it is read: hdev exits only once
// stdout has drained. A reader that goes away early is not an error.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HDEV_BIN, HdevProcess, testEnv, testSocketPath } from '../helpers/hdev.js';
import { DescendantTracker } from '../helpers/processes.js';
import { freeBasePort } from '../helpers/ports.js';

interface Drained {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/**
 * Runs `hdev ARGS | { sleep; cat; }` through a real pipe (a shell's `|`, whose buffer holds 64 KiB
 * on Linux; a child's stdio from Node is a socket pair, which behaves differently): the reader
 * starts late, so hdev has more written than the pipe takes when it wants to exit.
 */
function readSlowly(args: readonly string[], cwd: string): Promise<Drained> {
  const codeFile = join(cwd, '.exit-code');
  const script = `{ "$0" "$HDEV_BIN" "$@"; echo $? > "$CODE_FILE"; } | { sleep 1; cat; }`;
  const child = spawn('/bin/sh', ['-c', script, process.execPath, ...args], {
    cwd,
    env: { ...testEnv(), HDEV_BIN, CODE_FILE: codeFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.once('close', () => {
      clearTimeout(timer);
      const code = Number(readFileSync(codeFile, 'utf8').trim());
      resolve({ code, stdout: Buffer.concat(chunks), stderr });
    });
  });
}

/** 3,000 config vars of about 80 bytes: some 240 KB of `hdev config` output. */
function bigEnv(): { text: string; vars: Record<string, string> } {
  const vars: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) vars[`KEY_${i}`] = `value-${i}-${'v'.repeat(64)}`;
  const text = Object.entries(vars)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
  return { text, vars };
}

describe('output larger than a pipe buffer', () => {
  const { text, vars } = bigEnv();
  const width = Math.max(...Object.keys(vars).map((key) => key.length + 1));

  it.each<[string, string[], () => string]>([
    ['config --json', ['config', '--json'], () => `${JSON.stringify(vars, null, 2)}\n`],
    [
      'config -s',
      ['config', '-s'],
      () =>
        Object.entries(vars)
          .map(([key, value]) => `${key}=${value}\n`)
          .join(''),
    ],
    [
      'config',
      ['config'],
      () =>
        `=== Config Vars\n${Object.entries(vars)
          .map(([key, value]) => `${`${key}:`.padEnd(width)} ${value}\n`)
          .join('')}`,
    ],
  ])('hdev %s gets every byte to a slow reader', async (_name, args, expected) => {
    const app = makeApp({ '.env': text });
    const result = await readSlowly(args, app);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(Buffer.byteLength(expected()));
    expect(result.stdout.toString('utf8')).toBe(expected());
  });

  it('hdev config:get of a 100 KB value gets every byte to a slow reader', async () => {
    const value = 'x'.repeat(100_000);
    const app = makeApp({ '.env': `BIG=${value}\n` });
    const result = await readSlowly(['config:get', 'BIG'], app);
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(`${value}\n`);
  });

  it('hdev logs -n 1500 gets every line to a slow reader', async () => {
    const line = 'y'.repeat(100);
    const app = makeApp({
      Procfile: `talk: node -e 'for (let i = 0; i < 1600; i++) console.log(i + " ${line}"); setInterval(() => {}, 1000)'\n`,
    });
    const hdev = new HdevProcess(['start', '--no-router', '-p', String(await freeBasePort())], {
      cwd: app,
    });
    await hdev.waitForLine(/talk\.1 +\| 1599 y+$/);
    const result = await readSlowly(['logs', '-n', '1500'], app);
    expect(result.code).toBe(0);
    const lines = result.stdout.toString('utf8').split('\n').filter(Boolean);
    expect(result.stdout.length).toBeGreaterThan(128 * 1024);
    expect(lines).toHaveLength(1500);
    expect(lines.at(-1)).toMatch(/talk\.1 +\| 1599 y{100}$/);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });

  it('hdev start 2>&1 | head: stops as on Ctrl-C, leaving no dyno and no control socket', async () => {
    const app = makeApp({
      Procfile: `web: node -e "require('http').createServer((q,s)=>s.end('ok')).listen(process.env.PORT)"\n`,
    });
    const codeFile = join(app, '.exit-code');
    const port = await freeBasePort();
    // stdout and stderr are one pipe, which head closes after three lines.
    const script = `{ "$0" "$HDEV_BIN" start --no-tui --no-watch -p ${port} 2>&1; echo $? > "$CODE_FILE"; } | head -n 3 > /dev/null`;
    const child = spawn('/bin/sh', ['-c', script, process.execPath], {
      cwd: app,
      env: { ...testEnv(), HDEV_BIN, CODE_FILE: codeFile },
      stdio: 'ignore',
    });
    const tracker = new DescendantTracker(child.pid ?? -1);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await new Promise((resolve) => child.once('close', resolve));
    clearTimeout(timer);
    tracker.stop();
    const survivors = tracker.survivors();
    tracker.killSurvivors();
    expect(survivors).toEqual([]);
    expect(readFileSync(codeFile, 'utf8').trim()).toBe('0');
    // Stopped through the shutdown, not cut short: the control socket went with it.
    expect(existsSync(testSocketPath(app))).toBe(false);
  });

  it('ends quietly when the reader goes away (| head)', async () => {
    const app = makeApp({ '.env': text });
    const child = spawn(process.execPath, [HDEV_BIN, 'config', '--json'], {
      cwd: app,
      env: testEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
