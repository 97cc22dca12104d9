// The command boundary: parse arguments, load the command's module lazily, and catch every
// error in one place. The only module that ends the process or decides its exit code.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_BASE_PORT } from '../domain/ports.js';
import { HdevError, USAGE_EXIT_CODE } from '../errors.js';
import { collectList, parseChoice, parsePort, parseSeconds } from './options.js';
import { createShutdownSignals } from './signals.js';

/** Exit code for a failure inside hdev itself (sysexits' EX_SOFTWARE). */
const INTERNAL_ERROR_EXIT_CODE = 70;
const LOG_FORMATS = ['foreman', 'heroku', 'json'] as const;

interface AppOptions {
  appDir?: string;
  procfile?: string;
  env?: string[];
  debug?: boolean;
}

const signals = createShutdownSignals();
let debug = process.env.HDEV_DEBUG === '1';

function version(): string {
  const packageJson = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(packageJson) as { version: string }).version;
}

/** `-d`, `-f`, `-e`, shared by every command that reads the app (foreman's and heroku local's). */
function withAppOptions(command: Command): Command {
  return command
    .option('-d, --app-dir <dir>', 'the app root, where dynos run (default: the current directory)')
    .option('-f, --procfile <file>', 'the Procfile (default: Procfile in the app root)')
    .option(
      '-e, --env <files>',
      'env files with config vars, comma-separated; later files win (default: .env)',
      collectList,
    )
    .option('--debug', 'show stack traces for errors');
}

function appLocation(options: AppOptions): {
  appDir?: string;
  procfile?: string;
  envFiles?: string[];
} {
  debug ||= options.debug === true;
  return { appDir: options.appDir, procfile: options.procfile, envFiles: options.env };
}

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('hdev')
    .description('Run a Procfile app locally the way the Heroku platform runs it.')
    .version(version(), '-v, --version')
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .exitOverride();

  withAppOptions(
    program
      .command('start')
      .description(
        'run the release phase, then every process type as dynos (web.1, worker.1) with Heroku semantics',
      )
      .argument(
        '[formation...]',
        'which dynos to run: web=2,worker=1, all=2, worker=0 (default: one of each type)',
      )
      .option(
        '-m, --formation <formation>',
        'same as the formation argument (foreman)',
        collectList,
      )
      .option(
        '-p, --port <port>',
        'base port: web.1 gets it, web.2 the next, each type 100 higher',
        String(DEFAULT_BASE_PORT),
      )
      .option('--boot-timeout <seconds>', 'R10: seconds a web dyno has to bind $PORT', '60')
      .option(
        '-t, --timeout <seconds>',
        'R12: seconds between SIGTERM and SIGKILL at shutdown',
        '30',
      )
      .option(
        '--exit-on-crash',
        'stop everything when a dyno exits, and exit with its status (foreman)',
      )
      .option('--no-router', 'no router: each web dyno on its own port only (foreman)')
      .option('--host <host>', 'the address the router listens on', '127.0.0.1')
      .option('--no-router-logs', "hide the router's at=info line per request (errors still show)")
      .option('--router-timeout <seconds>', 'H12: seconds a dyno has to start its response', '30')
      .option(
        '--router-idle-timeout <seconds>',
        'H15: seconds without data before a response is cut',
        '55',
      )
      .option(
        '--router-queue-timeout <seconds>',
        'H20: seconds a request waits for a web dyno',
        '75',
      )
      .addOption(
        new Option('--format <format>', 'log line format').choices(LOG_FORMATS).default('foreman'),
      ),
  ).action(
    async (
      formation: string[],
      options: AppOptions & Record<string, string | string[] | boolean | undefined>,
    ) => {
      const { runStart } = await import('./start.js');
      const location = appLocation(options);
      setExitCode(
        await runStart(
          {
            ...location,
            formationArgs: [...((options.formation as string[] | undefined) ?? []), ...formation],
            basePort: parsePort('--port', String(options.port)),
            bootTimeoutMs: parseSeconds('--boot-timeout', String(options.bootTimeout)),
            stopTimeoutMs: parseSeconds('--timeout', String(options.timeout)),
            exitOnCrash: options.exitOnCrash === true,
            format: parseChoice('--format', String(options.format), LOG_FORMATS),
            router:
              options.router === false
                ? undefined
                : {
                    host: String(options.host),
                    logRequests: options.routerLogs !== false,
                    requestTimeoutMs: parseSeconds(
                      '--router-timeout',
                      String(options.routerTimeout),
                    ),
                    idleTimeoutMs: parseSeconds(
                      '--router-idle-timeout',
                      String(options.routerIdleTimeout),
                    ),
                    bootWaitMs: parseSeconds(
                      '--router-queue-timeout',
                      String(options.routerQueueTimeout),
                    ),
                  },
          },
          signals,
        ),
      );
    },
  );

  withAppOptions(
    program
      .command('run')
      .description('run a one-off dyno (run.N) with the config vars, attached to this terminal')
      .argument('<command...>', 'a command line, or a Procfile process type followed by arguments')
      .option(
        '-p, --port <port>',
        'the PORT to give the one-off dyno (the next free one from here)',
        String(DEFAULT_BASE_PORT),
      )
      .passThroughOptions(),
  ).action(async (args: string[], options: AppOptions & { port: string }) => {
    const { runOneOff } = await import('./run.js');
    const location = appLocation(options);
    setExitCode(
      await runOneOff({ ...location, args, basePort: parsePort('--port', options.port) }, signals),
    );
  });

  withAppOptions(
    program
      .command('check')
      .description('validate the Procfile, env files and app.json; exit 1 on problems'),
  ).action(async (options: AppOptions) => {
    const { runCheck } = await import('./check.js');
    setExitCode(runCheck(appLocation(options)));
  });

  return program;
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander printed the message already; help and version are not failures.
    const success = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(
      error.code,
    );
    if (!success) process.stderr.write("Run 'hdev --help' for the commands and their options.\n");
    return success ? 0 : USAGE_EXIT_CODE;
  }
  if (error instanceof HdevError) {
    process.stderr.write(`hdev: ${error.message}\n`);
    if (error.hint !== undefined) process.stderr.write(`  ${error.hint}\n`);
    if (debug && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  process.stderr.write(
    `hdev: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.stderr.write(
    debug && error instanceof Error && error.stack !== undefined
      ? `${error.stack}\n`
      : 'Run again with --debug for details.\n',
  );
  return INTERNAL_ERROR_EXIT_CODE;
}

async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  try {
    await buildProgram((code) => (exitCode = code)).parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return report(error);
  }
}

function fatal(error: unknown): void {
  signals.runEmergency(); // never leave dynos behind
  process.exit(report(error));
}

process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
process.on('exit', () => signals.runEmergency());
process.exit(await main(process.argv.slice(2)));
