// `hdev start --pty`: dynos that see a terminal, log lines cleaned of its control sequences, and
// `hdev attach` typing into one from another process.
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const TALK = `
console.log('tty=' + process.stdout.isTTY + ' \\x1b[32mgreen\\x1b[0m \\x1b]0;title\\x07done');
process.stdin.setEncoding('utf8');
process.stdin.on('data', (data) => console.log('got ' + data.trim()));
`;

describe('hdev start --pty', () => {
  it('runs dynos in a terminal, logs clean lines, and takes input through hdev attach', async () => {
    const app = makeApp({ Procfile: 'talk: node talk.js\n', 'talk.js': TALK });
    const hdev = new HdevProcess(
      ['start', '--pty', '--no-router', '--no-watch', '-p', String(await freeBasePort())],
      { cwd: app },
    );
    const line = await hdev.waitForLine(/talk\.1 +\| tty=/);
    expect(line).toMatch(/talk\.1 +\| tty=true green done$/);
    expect(hdev.stdout).not.toContain('\x1b');
    await waitFor(() => /dashboard at/.test(hdev.stderr), {
      describe: () => `the dashboard (attach goes through it)\n${hdev.stderr}`,
    });

    const attached = await runHdev(['attach', 'talk.1', '-d', app], { input: 'hello\n' });
    expect(attached.exitCode, String(attached.stderr)).toBe(0);
    await hdev.waitForLine(/talk\.1 +\| got hello$/);

    const missing = await runHdev(['attach', 'nope.1', '-d', app], { input: '' });
    expect(missing.exitCode).toBe(1);
    expect(String(missing.stderr)).toContain('no running PTY dyno named nope.1');

    hdev.signal('SIGINT');
    expect((await hdev.waitForExit()).code).toBe(0);
    hdev.expectNoSurvivors();
  });
});

describe('hdev run --pty', () => {
  it('gives the one-off a terminal of its own with pipes around hdev, and its exit status', async () => {
    const app = makeApp({ Procfile: 'web: node web.js\n' });
    const result = await runHdev(
      [
        'run',
        '--pty',
        '-p',
        String(await freeBasePort()),
        'test -t 0 && test -t 1 && echo "tty $DYNO"; stty size; read x; echo "got $x"; exit 3',
      ],
      { cwd: app, input: 'hi\n' },
    );
    const output = String(result.stdout);
    expect(output).toMatch(/^tty run\.\d+\r$/m);
    expect(output).toMatch(/^24 80\r$/m);
    expect(output).toMatch(/^got hi\r?$/m);
    expect(result.exitCode).toBe(3);
  });
});
