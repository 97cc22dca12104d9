// `hdev attach web.1`: types into a PTY dyno of the running `hdev start --pty` from another
// terminal (overmind's attach, without tmux), through the dashboard's WebSocket. Ctrl-]
// detaches; the dyno keeps running.
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { HdevError } from '../../errors.js';

/** Ctrl-], telnet's escape: rarely needed by a program, unlike Ctrl-C or Ctrl-D. */
const DETACH_KEY = '\x1d';

/** The dashboard's session cookie, exchanged for the token as a browser does. */
function sessionCookie(url: URL): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const request = httpRequest(
      url,
      { headers: { Host: url.host }, timeout: 5_000 },
      (response) => {
        response.resume();
        const cookie = response.headers['set-cookie']?.[0]?.split(';')[0];
        if (cookie === undefined)
          reject(new HdevError(`the dashboard refused the token (${response.statusCode ?? 0})`));
        else resolvePromise(cookie);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

export async function runAttach(appDir: string | undefined, dyno: string): Promise<number> {
  const { readDashboardUrl } = await import('../start-dashboard.js');
  const address = readDashboardUrl(resolve(appDir ?? '.'));
  if (address === undefined) {
    throw new HdevError('no hdev start with a dashboard is running for this app', {
      hint: 'Start it with `hdev start --pty` (attach goes through the dashboard: not with --no-dashboard).',
      exitCode: 1,
    });
  }
  const url = new URL(address);
  const cookie = await sessionCookie(url);
  const { default: WebSocket } = await import('ws');
  const stdin = process.stdin;
  const size = (): string =>
    JSON.stringify({ cols: process.stdout.columns, rows: process.stdout.rows });
  const socket = new WebSocket(`ws://${url.host}/ws/attach?dyno=${encodeURIComponent(dyno)}`, {
    headers: { Origin: url.origin, Cookie: cookie },
  });
  const raw = stdin.isTTY;
  return new Promise<number>((settle, reject) => {
    let outcome = 0;
    socket.once('error', (error) =>
      reject(new HdevError(`cannot attach to ${dyno}: ${error.message}`)),
    );
    socket.once('open', () => {
      if (raw) stdin.setRawMode(true);
      if (process.stdout.isTTY) {
        socket.send(`1${size()}`);
        process.stdout.on('resize', () => socket.send(`1${size()}`));
      }
      process.stderr.write(`hdev: attached to ${dyno}${raw ? ' (Ctrl-] detaches)' : ''}\r\n`);
      stdin.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        const detach = raw ? text.indexOf(DETACH_KEY) : -1;
        if (detach !== -1) {
          if (detach > 0) socket.send(`0${text.slice(0, detach)}`);
          socket.close(1000, 'detached');
          return;
        }
        socket.send(`0${text}`);
      });
      stdin.once('end', () => socket.close(1000, 'detached'));
    });
    socket.on('message', (data: Buffer) => process.stdout.write(data));
    socket.once('close', (code, reason) => {
      if (raw) stdin.setRawMode(false);
      stdin.pause();
      const why = reason.toString();
      if (code === 4404) {
        outcome = 1;
        process.stderr.write(`hdev: ${why}\n`);
      } else process.stderr.write(`\r\nhdev: ${why === '' ? 'detached' : why}\n`);
      settle(outcome);
    });
  });
}

export function addAttachCommand(program: Command, context: CommandContext): void {
  const { setExitCode } = context;
  program
    .command('attach')
    .description('type into a dyno of hdev start --pty from this terminal (Ctrl-] detaches)')
    .argument('<dyno>', 'a running dyno, such as web.1')
    .option(
      '-d, --app-dir <dir>',
      'the app root of the running hdev start (default: the current directory)',
    )
    .action(async (dyno: string, options: { appDir?: string }) => {
      setExitCode(await runAttach(options.appDir, dyno));
    });
}
