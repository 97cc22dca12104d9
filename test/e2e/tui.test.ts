// The terminal UI in a real terminal: `hdev start` under tmux at 80×24 (Heroku's browser
// terminal size), keys sent with send-keys, the screen read with capture-pane.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HDEV_BIN, testEnv } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { DescendantTracker, descendantsOf, isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

const SERVER = `hdev-e2e-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SERVER, ...args], { encoding: 'utf8', env: testEnv() });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-t', 'app');
}

function waitForScreen(pattern: RegExp, what: string, timeoutMs = 20_000): Promise<string> {
  let last = '';
  return waitFor(
    () => {
      last = screen();
      return pattern.test(last) ? last : undefined;
    },
    { timeoutMs, describe: () => `${what} on screen:\n${last}` },
  );
}

afterEach(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
});

/** hdev start in an 80×24 pane; the pane's shell writes hdev's exit status to a file. */
function startInPane(
  app: string,
  args: string,
  ci: '0' | 'true',
): { statusFile: string; shellPid: number } {
  // tmux's own record of a dead pane is not dependable on a loaded machine: the shell's is.
  const statusFile = join(app, '.hdev-exit-status');
  tmux(
    'new-session',
    '-d',
    '-s',
    'app',
    '-x',
    '80',
    '-y',
    '24',
    '-c',
    app,
    '-e',
    'TERM=xterm-256color',
    // Under CI hdev prints plain lines even on a terminal.
    '-e',
    `CI=${ci}`,
    `${process.execPath} ${HDEV_BIN} start ${args}; echo $? > ${statusFile}`,
  );
  // The pane stays on screen once its shell has exited, so the summary hdev leaves can be read.
  tmux('set-option', '-t', 'app', 'remain-on-exit', 'on');
  return {
    statusFile,
    shellPid: Number(tmux('list-panes', '-t', 'app', '-F', '#{pane_pid}').trim()),
  };
}

describe('hdev start in a terminal', () => {
  it('shows the dynos, filters, scales with +, and quits with q leaving nothing behind', async () => {
    const app = makeApp({
      Procfile: `web: node ${fixture('router-app.mjs')}\nworker: node ${fixture('ticker.mjs')}\n`,
    });
    const port = await freeBasePort();
    const { statusFile, shellPid: hdevPid } = startInPane(app, `web=1,worker=1 -p ${port}`, '0');
    const tracker = new DescendantTracker(hdevPid);
    try {
      const first = await waitForScreen(
        /web\.1.*\bup\b[\s\S]*worker\.1.*\bup\b/,
        'web.1 and worker.1 up',
      );
      const rows = first.replace(/\n$/, '').split('\n');
      expect(rows.length).toBeLessThanOrEqual(24);
      for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
      await waitForScreen(/tick \d+/, 'worker output in the log pane');

      // Choose web.1 (the first row) and filter the log to it: worker lines leave the log.
      tmux('send-keys', '-t', 'app', 'Enter');
      await waitFor(
        () => {
          const log = screen().split('\n').slice(6).join('\n');
          return /tick \d+/.test(log) ? undefined : log;
        },
        { describe: () => `the log filtered to web.1:\n${screen()}` },
      );
      tmux('send-keys', '-t', 'app', 'a');

      // `+` scales the chosen dyno's type: web.2 appears and comes up.
      tmux('send-keys', '-t', 'app', '+');
      await waitForScreen(/web\.2.*\bup\b/, 'web.2 up after +');

      // The layout follows a resize: nothing wider or taller than the new window.
      tmux('resize-window', '-t', 'app', '-x', '60', '-y', '20');
      await waitFor(
        () => {
          const rows = screen().replace(/\n$/, '').split('\n');
          const fits = rows.length <= 20 && rows.every((row) => row.length <= 60);
          return fits && /web\.2/.test(rows.join('\n')) ? rows : undefined;
        },
        { describe: () => `the UI laid out for 60×20:\n${screen()}` },
      );

      tmux('send-keys', '-t', 'app', 'q');
      const status = await waitFor(
        () => (existsSync(statusFile) ? readFileSync(statusFile, 'utf8').trim() : undefined),
        {
          describe: () =>
            `hdev to exit after q (pane process ${isAlive(hdevPid) ? 'alive' : 'gone'}, below it: ${descendantsOf(hdevPid).join(' ') || 'none'})`,
        },
      );
      expect(status).toBe('0');
      // The UI's alternate screen is gone; its summary stays on the normal one.
      const after = await waitForScreen(/hdev: stopped by q/, 'the summary after q');
      expect(after).toMatch(/hdev: stopped by q; exit code 0; every dyno stopped/);
      expect(after).not.toMatch(/DYNO +STATE/);
      tracker.sample();
      expect(tracker.survivors(), 'processes left behind').toEqual([]);
      await waitFor(() => !isAlive(hdevPid), { describe: () => 'the pane shell to exit' });
    } finally {
      tracker.stop();
      tracker.killSurvivors();
    }
  });

  it("shows router lines in one row, and leaves a crashed dyno's last lines after q", async () => {
    const crasher = `node -e "console.log('about to fail'); setTimeout(() => process.exit(3), 200)"`;
    const app = makeApp({
      Procfile: `web: node ${fixture('router-app.mjs')}\ncrasher: ${crasher}\n`,
    });
    const port = await freeBasePort();
    const { statusFile, shellPid } = startInPane(app, `web=1,crasher=1 -p ${port} --no-watch`, '0');
    const tracker = new DescendantTracker(shellPid);
    try {
      await waitForScreen(/web\.1.*\bup\b/, 'web.1 up');
      await waitForScreen(/crasher\.1 +[|»] +about to fail/, "the crasher's line");
      await waitForScreen(/Process exited with status 3/, "the crasher's exit");
      const response = await fetch(`http://127.0.0.1:${port}/`);
      await response.arrayBuffer();
      const compact = await waitForScreen(
        /router +» GET \/ → web\.1 200 \d+ms \d+(B|kB)/,
        'the request in one row',
      );
      expect(compact).not.toMatch(/request_id=/);
      tmux('send-keys', '-t', 'app', 'v');
      await waitForScreen(/router +» at=info method=GET path="\/"/, "Heroku's whole line after v");

      tmux('send-keys', '-t', 'app', 'q');
      await waitFor(() => existsSync(statusFile) || undefined, {
        describe: () => `hdev to exit:\n${screen()}`,
      });
      const after = await waitForScreen(/crasher\.1 crashed/, 'the crash in the summary');
      expect(after).toMatch(/hdev: stopped by q; exit code 0; every dyno stopped/);
      expect(after).toMatch(/hdev: crasher\.1 crashed (once|\d+ times); its last lines:/);
      expect(after).toMatch(/ {2}crasher\.1 \| about to fail/);
      expect(after).toMatch(/ {2}crasher\.1 » Process exited with status 3/);
      await waitFor(() => !isAlive(shellPid), { describe: () => 'the pane shell to exit' });
      tracker.sample();
      expect(tracker.survivors(), 'processes left behind').toEqual([]);
    } finally {
      tracker.stop();
      tracker.killSurvivors();
    }
  });

  it('prints plain lines on a terminal under CI', async () => {
    const app = makeApp({ Procfile: `worker: node ${fixture('ticker.mjs')}\n` });
    const port = await freeBasePort();
    const { statusFile, shellPid } = startInPane(app, `-p ${port} --no-watch`, 'true');
    const tracker = new DescendantTracker(shellPid);
    try {
      const shown = await waitForScreen(/worker\.1 +\| tick \d+/, 'plain worker lines');
      expect(shown).not.toMatch(/DYNO +STATE/);
      tmux('send-keys', '-t', 'app', 'C-c');
      await waitFor(() => existsSync(statusFile) || undefined, {
        describe: () => `hdev to exit:\n${screen()}`,
      });
      await waitFor(() => !isAlive(shellPid), { describe: () => 'the pane shell to exit' });
      tracker.sample();
      expect(tracker.survivors(), 'processes left behind').toEqual([]);
    } finally {
      tracker.stop();
      tracker.killSurvivors();
    }
  });
});
