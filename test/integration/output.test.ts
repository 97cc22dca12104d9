// Output: lines split per dyno, long lines split at 10,000 bytes, partial lines flushed, formats.
import { describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HdevProcess } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';

describe('hdev start: output', () => {
  it('splits a 1 MB line with no newline into 10,000-byte log lines, losing nothing', async () => {
    const app = makeApp({ Procfile: `big: node ${fixture('big-line.mjs')}\n` });
    const hdev = new HdevProcess(
      ['start', '-p', String(await freeBasePort()), '--format', 'heroku'],
      { cwd: app, env: { SIZE: '1000000' } },
    );
    const chunks = await hdev.waitForLines(/app\[big\.1\]: x+$/, 100, 20_000);
    expect(chunks).toHaveLength(100);
    for (const line of chunks) expect(/: (x+)$/.exec(line)?.[1]).toHaveLength(10_000);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });

  it('shows a partial line (a prompt) without waiting for its newline', async () => {
    const app = makeApp({ Procfile: `prompt: printf 'Password: '; sleep 300\n` });
    const hdev = new HdevProcess(['start', '-p', String(await freeBasePort())], { cwd: app });
    await hdev.waitForLine(/prompt\.1 +\| Password: $/, 5_000);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });

  it('never mixes two dynos in one line, and captures stderr', async () => {
    const writer = (name: string): string =>
      `node -e 'for (let i = 0; i < 2000; i++) process.stdout.write("${name}-" + i + " " + "y".repeat(50) + "\\n"); console.error("${name} on stderr"); setInterval(() => {}, 1000)'`;
    const app = makeApp({ Procfile: `a: ${writer('a')}\nb: ${writer('b')}\n` });
    const hdev = new HdevProcess(['start', '-p', String(await freeBasePort())], { cwd: app });
    await hdev.waitForLine(/a\.1 +\| a on stderr/);
    await hdev.waitForLine(/b\.1 +\| b on stderr/);
    // stdout and stderr are separate pipes: wait for every stdout line, not just the stderr one.
    const appLines = await hdev.waitForLines(/^\d\d:\d\d:\d\d [ab]\.1 +\| [ab]-\d+ /, 4000);
    expect(appLines).toHaveLength(4000);
    for (const line of appLines) expect(line).toMatch(/^\d\d:\d\d:\d\d (a|b)\.1 +\| \1-\d+ y{50}$/);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });

  it('--format json prints one object per line', async () => {
    const app = makeApp({ Procfile: `worker: echo 'say "hi"'; sleep 300\n` });
    const hdev = new HdevProcess(
      ['start', '-p', String(await freeBasePort()), '--format', 'json'],
      { cwd: app },
    );
    const line = await hdev.waitForLine(/"message":"say/);
    expect(JSON.parse(line)).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/) as unknown,
      source: 'app',
      dyno: 'worker.1',
      message: 'say "hi"',
    });
    const platform = JSON.parse(await hdev.waitForLine(/Starting process/)) as { source: string };
    expect(platform.source).toBe('heroku');
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });
});
