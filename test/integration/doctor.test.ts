// hdev doctor end to end: the built CLI on real apps, with the scratch run's real processes.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { gitIn } from '../helpers/git.js';
import { HdevProcess, runHdev } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';

const NODE_MAJOR = process.versions.node.split('.')[0] ?? '20';

/** A web process that binds $PORT (or `port`), answers 200 and leaves on SIGTERM. */
function server(port = 'process.env.PORT'): string {
  return [
    "const http = require('node:http');",
    `const server = http.createServer((q, r) => r.end('ok')).listen(${port});`,
    "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
  ].join('\n');
}

const PACKAGE_JSON = JSON.stringify({ name: 'app', engines: { node: `${NODE_MAJOR}.x` } });

function committed(files: Readonly<Record<string, string>>): string {
  const root = makeApp({ '.gitignore': '.env\nnode_modules/\n', ...files });
  const git = (...args: string[]): string => gitIn(root, ...args);
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'app');
  return root;
}

describe('hdev doctor, live checks', () => {
  it('passes a good app: release, boot, GET /, 5 s up, SIGTERM, nothing left', async () => {
    const root = committed({
      Procfile: 'web: node web.js\nworker: node worker.js\nrelease: node -e "console.log(1)"\n',
      'package.json': PACKAGE_JSON,
      'web.js': server(),
      'worker.js':
        "const t = setInterval(() => {}, 1000); process.on('SIGTERM', () => process.exit(0));",
      'app.json': JSON.stringify({ formation: { web: { quantity: 1 }, worker: { quantity: 1 } } }),
    });
    const result = await runHdev(['doctor'], { cwd: root, timeout: 60_000 });
    expect(result.stdout).toContain('[ok]    the release phase passes');
    expect(result.stdout).toContain('[ok]    web.1 binds $PORT');
    expect(result.stdout).toContain('[ok]    GET / through the router answers 200');
    expect(result.stdout).toContain('[ok]    worker.1 stays up 5 s');
    expect(result.stdout).toContain('[ok]    every dyno stops within 30 s of SIGTERM');
    expect(result.stdout).toContain('[ok]    nothing is left running afterwards');
    expect(result.stdout).toMatch(/0 error\(s\), 0 warning\(s\), \d+ passed: ready to deploy/);
    expect(result.exitCode).toBe(0);
  });

  it('names R10 and the port a web process bound instead of $PORT', async () => {
    const port = await freeBasePort(1);
    const root = committed({
      Procfile: 'web: node web.js\n',
      'package.json': PACKAGE_JSON,
      'web.js': server(String(port)),
    });
    const result = await runHdev(['doctor', '--json'], { cwd: root, timeout: 60_000 });
    const report = JSON.parse(String(result.stdout)) as {
      findings: { status: string; message: string }[];
    };
    const r10 = report.findings.find((f) => f.message.startsWith('R10'));
    // The whole report on failure: what the run saw instead is the diagnosis.
    expect(r10?.status, JSON.stringify(report.findings, null, 2)).toBe('error');
    expect(r10?.message).toContain(`listening on ${port}, not on $PORT`);
    expect(result.exitCode).toBe(1);
  });

  it('reports a failing release phase with its output, and nothing else', async () => {
    const root = committed({
      Procfile:
        'web: node web.js\nrelease: node -e "console.log(\'migration failed\'); process.exit(3)"\n',
      'package.json': PACKAGE_JSON,
      'web.js': server(),
    });
    const result = await runHdev(['doctor'], { cwd: root, timeout: 60_000 });
    expect(result.stdout).toMatch(
      /\[error\] Procfile: the release phase fails: .*status 3; last output \| migration failed/,
    );
    expect(result.stdout).not.toContain('did not finish booting');
    expect(result.exitCode).toBe(1);
  });

  it('names the H code when / gets no good answer through the router', async () => {
    const root = committed({
      Procfile: 'web: node web.js\n',
      'package.json': PACKAGE_JSON,
      'web.js':
        "require('node:http').createServer((q) => q.socket.destroy()).listen(process.env.PORT);",
    });
    const result = await runHdev(['doctor'], { cwd: root, timeout: 60_000 });
    expect(result.stdout).toContain(
      '[error] GET / through the router: status 503 (H13: Connection closed without response)',
    );
    expect(result.exitCode).toBe(1);
  });

  it('skips the live part while hdev start runs for the app', async () => {
    const root = committed({
      Procfile: 'web: node web.js\n',
      'package.json': PACKAGE_JSON,
      'web.js': server(),
    });
    const port = await freeBasePort();
    const running = new HdevProcess(['start', '--no-tui', '--no-watch', '-p', String(port)], {
      cwd: root,
    });
    await running.waitForLine(/State changed from starting to up/);
    const result = await runHdev(['doctor'], { cwd: root, timeout: 60_000 });
    expect(result.stdout).toMatch(
      /\[warn\] {2}skipped: .*hdev start is already running for this app/,
    );
    expect(result.exitCode).toBe(0);
    expect(running.child.exitCode).toBeNull();
  });

  it('reports a crashing dyno with its last lines', async () => {
    const root = committed({
      Procfile:
        'web: node web.js\nworker: node -e "console.log(\'cannot connect to redis\'); process.exit(1)"\n',
      'package.json': PACKAGE_JSON,
      'web.js': server(),
      'app.json': JSON.stringify({ formation: { web: { quantity: 1 }, worker: { quantity: 1 } } }),
    });
    const result = await runHdev(['doctor'], { cwd: root, timeout: 60_000 });
    expect(result.stdout).toMatch(
      /\[error\] worker\.1 crashed \(\d+×\); last output \| cannot connect to redis/,
    );
    expect(result.stdout).toContain('[ok]    web.1 stays up 5 s');
    expect(result.exitCode).toBe(1);
  });
});

/** The terminal template of the deploy checklist: node serves a page that runs `python3 run.py`. */
function seedTemplate(overrides: Readonly<Record<string, string>> = {}): string {
  const python = execFileSync('python3', ['--version'], { encoding: 'utf8' });
  const pythonLine = /(\d+\.\d+)/.exec(python)?.[1] ?? '3.12';
  return committed({
    Procfile: 'web: node index.js\n',
    'index.js': server(),
    'run.py': 'print("Hello from run.py")\n',
    'requirements.txt': 'gspread==6.1.2\n',
    '.python-version': `${pythonLine}\n`,
    'package.json': PACKAGE_JSON,
    'app.json': JSON.stringify({
      name: 'terminal-template',
      env: { CREDS: { description: 'Google service account JSON' } },
      buildpacks: [{ url: 'heroku/python' }, { url: 'heroku/nodejs' }],
    }),
    '.env': `CREDS='{"type": "service_account", "project_id": "demo"}'\n`,
    ...overrides,
  });
}

describe('hdev doctor on the deploy checklist template', () => {
  it('passes clean once set up right', async () => {
    const result = await runHdev(['doctor', '--strict'], { cwd: seedTemplate(), timeout: 60_000 });
    expect(result.stdout).toContain('[ok]    CREDS holds valid JSON');
    expect(result.stdout).toContain('`web` runs on heroku/nodejs, which is the last buildpack');
    expect(result.stdout).toContain('[ok]    web.1 binds $PORT');
    expect(result.stdout).toMatch(/0 error\(s\), 0 warning\(s\)/);
    expect(result.exitCode).toBe(0);
  });

  it('fails on PORT=8000 in .env', async () => {
    const root = seedTemplate({ '.env': `CREDS='{"type": "service_account"}'\nPORT=8000\n` });
    const result = await runHdev(['doctor', '--static'], { cwd: root });
    expect(result.stdout).toContain('[error] .env:2: PORT=8000 is set as a config var');
    expect(result.exitCode).toBe(1);
  });

  it('fails on the buildpack order reversed (with --strict)', async () => {
    const root = seedTemplate({
      'app.json': JSON.stringify({
        env: { CREDS: {} },
        buildpacks: [{ url: 'heroku/nodejs' }, { url: 'heroku/python' }],
      }),
    });
    const result = await runHdev(['doctor', '--static', '--strict'], { cwd: root });
    expect(result.stdout).toContain(
      '[warn]  app.json: the last buildpack is heroku/python, but `web` runs on heroku/nodejs',
    );
    expect(result.exitCode).toBe(1);
    expect((await runHdev(['doctor', '--static'], { cwd: root })).exitCode).toBe(0);
  });

  it('fails on CREDS that is not JSON', async () => {
    const root = seedTemplate({ '.env': `CREDS='{"type": "service_account",'\n` });
    const result = await runHdev(['doctor', '--static'], { cwd: root });
    expect(result.stdout).toMatch(/\[error\] \.env:1: CREDS looks like JSON but does not parse/);
    expect(result.exitCode).toBe(1);
  });
});
