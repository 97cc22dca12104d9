// The dashboard in a real browser: playwright-core driving Debian's chromium against a real
// `hdev start`. Skipped where chromium is not installed (CI installs it: see .ci/run).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { descendantsOf, isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

const CHROMIUM = process.env.HDEV_CHROMIUM ?? '/usr/bin/chromium';
/**
 * Every run saves what the page looked like under test-results/; with HDEV_UPDATE_SCREENSHOT=1 it
 * replaces the README's picture in docs/ instead.
 */
const SCREENSHOT = fileURLToPath(
  new URL(
    process.env.HDEV_UPDATE_SCREENSHOT === '1'
      ? '../../docs/dashboard.png'
      : '../../test-results/dashboard.png',
    import.meta.url,
  ),
);

let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Chromium's sandbox refuses to run as root.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
});

function launched(): Browser {
  if (browser === undefined) throw new Error('chromium did not start');
  return browser;
}

afterAll(async () => {
  await browser?.close();
});

async function startApp(
  files: Record<string, string>,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ hdev: HdevProcess; url: string; app: string }> {
  const app = makeApp(files);
  const base = await freeBasePort();
  const hdev = new HdevProcess(['start', '--no-watch', '-p', String(base), ...args], {
    cwd: app,
    env:
      typeof env.COUNT_FILE === 'string' ? { ...env, COUNT_FILE: join(app, env.COUNT_FILE) } : env,
  });
  const url = await waitFor(() => /dashboard at (\S+)/.exec(hdev.stderr)?.[1], {
    timeoutMs: 20_000,
    describe: () => `the dashboard's URL\n${hdev.stderr}`,
  });
  return { hdev, url, app };
}

/** The terminal's rows as text, as xterm.js's DOM renderer shows them. */
function terminalRows(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`
    [...document.querySelectorAll('#terminal .xterm-rows > div')]
      .map((row) => (row.textContent ?? '').replace(/\\u00a0/g, ' ').trimEnd())
  `);
}

async function waitForRow(page: Page, pattern: RegExp, what: string): Promise<string> {
  let rows: string[] = [];
  return waitFor(
    async () => {
      rows = await terminalRows(page);
      return rows.find((row) => pattern.test(row));
    },
    { timeoutMs: 15_000, describe: () => `${what} in the terminal:\n${rows.join('\n')}` },
  );
}

interface PsDyno {
  name: string;
  pid: number | null;
}

async function ps(app: string): Promise<PsDyno[]> {
  const result = await runHdev(['ps', '--json', '-d', app]);
  return JSON.parse(String(result.stdout)) as PsDyno[];
}

describe.skipIf(!existsSync(CHROMIUM))('the dashboard in a browser', () => {
  it('shows dynos, scales, streams logs, and runs a console that dies with its tab', async () => {
    const { hdev, url, app } = await startApp({
      Procfile: `web: node ${fixture('web-server.mjs')}\n`,
      '.env': 'GREETING=hello\n',
    });
    const context = await launched().newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(url);
    // The token left the address bar once exchanged for the cookie.
    expect(page.url()).not.toContain('token');
    await page.locator('tr[data-dyno="web.1"][data-state="up"]').waitFor({ timeout: 20_000 });

    await page.locator('[data-action="scale-up-web"]').click();
    await page.locator('tr[data-dyno="web.2"][data-state="up"]').waitFor({ timeout: 20_000 });
    await page.locator('#log-lines', { hasText: 'READY dyno=web.2' }).waitFor({ timeout: 10_000 });

    await page.locator('#console-open').click();
    await page.locator('#console-status', { hasText: 'connected' }).waitFor({ timeout: 10_000 });
    const oneOff = await waitFor(
      async () => (await ps(app)).find((d) => d.name.startsWith('run.')),
      {
        describe: () => 'the console in hdev ps',
      },
    );
    await page.locator('#terminal').click();
    await page.keyboard.type('echo $DYNO\n');
    // Bash turns on bracketed paste: match whole rows, not a bare `\r\nrun.N`.
    expect(await waitForRow(page, /^run\.\d+$/, 'the one-off dyno name')).toBe(oneOff.name);
    await page.keyboard.type('stty size\n');
    await waitForRow(page, /^24 80$/, 'the terminal size');
    await page.keyboard.type('echo "greeting=$GREETING"\n');
    await waitForRow(page, /^greeting=hello$/, 'a config var');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    const consoleProcesses = [oneOff.pid ?? -1, ...descendantsOf(oneOff.pid ?? -1)];
    await page.close(); // the tab
    await waitFor(async () => !(await ps(app)).some((d) => d.name === oneOff.name), {
      describe: () => `${oneOff.name} gone from hdev ps`,
    });
    await waitFor(() => !consoleProcesses.some(isAlive), {
      timeoutMs: 10_000,
      describe: () => `the console's processes ${consoleProcesses.join(', ')} to exit`,
    });
    await context.close();

    hdev.signal('SIGINT');
    expect((await hdev.waitForExit()).code).toBe(0);
    hdev.expectNoSurvivors();
    expect(readFileSync(SCREENSHOT).length).toBeGreaterThan(10_000);
  });

  it('keeps hdev and the page bounded during a log flood, updating a few times a second', async () => {
    const { hdev, url, app } = await startApp(
      {
        Procfile: `flood: node ${fixture('flood.mjs')}\n`,
        '.env': 'FLOOD_MS=10000\n',
      },
      ['--no-router'],
      // The dyno runs in its slug: the count goes to the app folder, where the test reads it.
      { COUNT_FILE: 'count' },
    );
    const countFile = join(app, 'count');
    const page = await launched().newPage();
    await page.goto(url);
    await page.locator('#log-lines > div').first().waitFor({ timeout: 20_000 });
    // Each message the page receives is one change to the log pane.
    // (Scripts in the page are strings: this project's TypeScript has no DOM types.)
    await page.evaluate(`
      window.logUpdates = 0;
      new MutationObserver(() => window.logUpdates++)
        .observe(document.getElementById('log-lines'), { childList: true });
    `);
    const rss: number[] = [];
    const heap: number[] = [];
    const started = Date.now();
    let slowest = 0;
    for (let round = 0; round < 40; round++) {
      const before = Date.now();
      heap.push(
        await page.evaluate(
          () =>
            (performance as unknown as { memory: { usedJSHeapSize: number } }).memory
              .usedJSHeapSize,
        ),
      );
      slowest = Math.max(slowest, Date.now() - before);
      const status = /VmRSS:\s+(\d+) kB/.exec(
        readFileSync(`/proc/${hdev.child.pid}/status`, 'utf8'),
      );
      rss.push(Number(status?.[1] ?? 0) * 1024);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = (Date.now() - started) / 1000;
    const updates = await page.evaluate<number>('window.logUpdates');
    const lines = await page.locator('#log-lines > div').count();
    const written = Number(readFileSync(countFile, 'utf8').split(' ')[0]);
    await page.close();
    hdev.signal('SIGINT');
    await hdev.waitForExit();

    expect(written, 'the flood wrote lines').toBeGreaterThan(100_000);
    expect(lines).toBeLessThanOrEqual(1_001);
    expect(updates / seconds, 'log pane updates per second').toBeLessThan(8);
    expect(slowest, 'ms the page took to answer').toBeLessThan(2_000);
    const MIB = 1024 * 1024;
    const half = rss.length / 2;
    expect(Math.max(...rss)).toBeLessThan(256 * MIB);
    expect(Math.max(...rss.slice(half))).toBeLessThan(Math.max(...rss.slice(0, half)) + 48 * MIB);
    expect(Math.max(...heap.slice(half))).toBeLessThan(Math.max(...heap.slice(0, half)) + 32 * MIB);
  });
});
