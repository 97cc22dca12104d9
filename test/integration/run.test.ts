// `hdev run`: a one-off dyno with the config vars, its exit status passed through.
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { runHdev } from '../helpers/hdev.js';

describe('hdev run', () => {
  const app = (): string =>
    makeApp({
      Procfile: 'web: node server.js\nworker: echo worker got\n',
      '.env': 'GREETING=hello\n',
    });

  it('passes the exit status through', async () => {
    const result = await runHdev(['run', 'exit 7'], { cwd: app() });
    expect(result.exitCode).toBe(7);
  });

  it('reports a signal death as 128 + the signal number', async () => {
    const result = await runHdev(['run', 'kill -TERM $$'], { cwd: app() });
    expect(result.exitCode).toBe(143);
  });

  it('runs with the config vars, DYNO=run.N and a PORT', async () => {
    const result = await runHdev(['run', 'echo "$GREETING $DYNO $PORT"'], { cwd: app() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^hello run\.\d{4} \d+$/);
  });

  it('passes stdin through', async () => {
    const result = await runHdev(['run', 'tr', 'a-z', 'A-Z'], { cwd: app(), input: 'shout\n' });
    expect(result.stdout).toBe('SHOUT');
  });

  it('runs a Procfile process type with the arguments appended', async () => {
    const result = await runHdev(['run', 'worker', 'more', 'args'], { cwd: app() });
    expect(result.stdout).toBe('worker got more args');
  });

  it('quotes arguments that hold spaces or shell syntax, and keeps the command’s own flags', async () => {
    const result = await runHdev(['run', 'node', '-e', 'console.log(process.argv.length, "a b")'], {
      cwd: app(),
    });
    expect(result.stdout).toBe('1 a b');
  });

  it('works without a Procfile, as heroku run bash does', async () => {
    const result = await runHdev(['run', 'echo', 'ok'], { cwd: makeApp({}) });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('ok');
  });
});
