// `hdev export`: the app as another supervisor's files; the work is runExport in ../export.ts.
import type { Command } from 'commander';
import { HEROKU_STOP_TIMEOUT_MS } from '../../domain/defaults.js';
import { DEFAULT_BASE_PORT } from '../../domain/ports.js';
import { collectList, parsePort, parseSeconds } from '../options.js';
import type { AppOptions, CommandContext } from './context.js';
import { appLocation, seconds, withAppOptions } from './context.js';

type ExportFlags = AppOptions & Record<string, string | string[] | boolean | undefined>;

export function addExportCommand(program: Command, context: CommandContext): void {
  withAppOptions(
    program
      .command('export')
      .description(
        'write the app as kubernetes, compose, systemd, supervisord, runit or launchd files',
      )
      .argument('<format>', 'kubernetes, compose, systemd, supervisord, runit or launchd')
      .argument('[dir]', 'where to write (default: a folder named after the format)')
      .option('-a, --app <name>', "the app's name (default: app.json name or the folder's)")
      .option(
        '-m, --formation <formation>',
        'dynos per type, as hdev start: web=2,worker=1',
        collectList,
      )
      .option(
        '--image <image>',
        'container image for kubernetes and compose (default: a placeholder)',
      )
      .option(
        '-p, --port <port>',
        'base port for host targets, as hdev start',
        String(DEFAULT_BASE_PORT),
      )
      .option(
        '-t, --timeout <seconds>',
        'seconds between SIGTERM and SIGKILL (Heroku: 30)',
        seconds(HEROKU_STOP_TIMEOUT_MS),
      )
      .option('--dry-run', 'print the files instead of writing them')
      .option('--force', 'overwrite files that hdev export did not write'),
  ).action(async (format: string, dir: string | undefined, options: ExportFlags) => {
    const { runExport } = await import('../export.js');
    context.setExitCode(
      runExport({
        ...appLocation(options, context),
        format,
        dir,
        appName: typeof options.app === 'string' ? options.app : undefined,
        formationArgs: (options.formation as string[] | undefined) ?? [],
        image: typeof options.image === 'string' ? options.image : undefined,
        basePort: parsePort('--port', String(options.port)),
        stopTimeoutSeconds: Math.ceil(parseSeconds('--timeout', String(options.timeout)) / 1000),
        dryRun: options.dryRun === true,
        force: options.force === true,
      }),
    );
  });
}
