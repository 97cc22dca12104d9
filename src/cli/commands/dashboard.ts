// `hdev dashboard`: opens the browser dashboard of the `hdev start` running for this app.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { HdevError } from '../../errors.js';

/** The platform's "open this URL" command; undefined where there is none to call. */
function opener(): { command: string; args: string[] } | undefined {
  if (process.platform === 'darwin') return { command: 'open', args: [] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  return process.env.DISPLAY !== undefined || process.env.WAYLAND_DISPLAY !== undefined
    ? { command: 'xdg-open', args: [] }
    : undefined;
}

export async function runDashboard(appDir: string | undefined, open: boolean): Promise<number> {
  const { readDashboardUrl } = await import('../start-dashboard.js');
  const url = readDashboardUrl(resolve(appDir ?? '.'));
  if (url === undefined) {
    throw new HdevError('no dashboard is running for this app', {
      hint: 'Start the app with `hdev start` (without --no-dashboard), then run hdev dashboard.',
      exitCode: 1,
    });
  }
  process.stdout.write(`${url}\n`);
  const launcher = open ? opener() : undefined;
  if (launcher !== undefined) {
    const child = spawn(launcher.command, [...launcher.args, url], {
      stdio: 'ignore',
      detached: true,
    });
    child.on('error', () => undefined); // no browser to open: the URL is printed
    child.unref();
  }
  return 0;
}

export function addDashboardCommand(program: Command, context: CommandContext): void {
  const { setExitCode } = context;
  program
    .command('dashboard')
    .description('open the browser dashboard of the running hdev start (prints its URL)')
    .option(
      '-d, --app-dir <dir>',
      'the app root of the running hdev start (default: the current directory)',
    )
    .option('--no-open', 'print the URL only')
    .action(async (options: { appDir?: string; open: boolean }) => {
      setExitCode(await runDashboard(options.appDir, options.open));
    });
}
