// The command boundary: parse arguments, load the command's module lazily, and catch every
// error in one place. The only module that ends the process or decides its exit code.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_BASE_PORT } from '../domain/ports.js';
import { HdevError, USAGE_EXIT_CODE } from '../errors.js';
import { collectList, parseChoice, parseCount, parsePort, parseSeconds } from './options.js';
import { createShutdownSignals } from './signals.js';
import { routerTrustHelp } from '../router/localhost-certificate.js';
import { drainStream, endQuietlyOnBrokenPipe } from './drain-output.js';
import { addDashboardCommand } from './commands/dashboard.js';
import { addAttachCommand } from './commands/attach.js';

/** Exit code for a failure inside hdev itself (sysexits' EX_SOFTWARE). */
const INTERNAL_ERROR_EXIT_CODE = 70;
const LOG_FORMATS = ['foreman', 'heroku', 'json'] as const;
const LOG_SOURCES = ['app', 'heroku'] as const;
/** `hdev logs` without -n, as `heroku logs`. */
const DEFAULT_LOG_LINES = 100;

interface AppOptions {
  appDir?: string;
  procfile?: string;
  env?: string[];
  debug?: boolean;
}

const signals = createShutdownSignals();
/** How long the exit waits for stdout and stderr to drain; undefined: as long as they take. */
let exitDrainLimitMs: number | undefined;
/** hdev start's last words (on stderr) get this long once its own output has given up. */
const START_EXIT_DRAIN_MS = 500;
let debug = process.env.HDEV_DEBUG === '1';

let cachedVersion: string | undefined;

/** hdev's version from package.json, read once (`--version` and `hdev start` both ask). */
function version(): string {
  cachedVersion ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;
  return cachedVersion;
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

/**
 * The UI needs a terminal both ways (keys in, frames out), and is for people: under CI (`CI` or
 * `CONTINUOUS_INTEGRATION` set, other than `0`/`false`, as ink and most tools read it) the log
 * is for the record, so plain lines, even when a CI runner provides a terminal.
 */
function wantsTerminalUi(env: NodeJS.ProcessEnv): boolean {
  const set = (name: string): boolean => {
    const value = env[name];
    return value !== undefined && value !== '0' && value !== 'false';
  };
  const inCi = set('CI') || set('CONTINUOUS_INTEGRATION');
  return process.stdout.isTTY && process.stdin.isTTY && env.TERM !== 'dumb' && !inCi;
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
      .option('--no-tui', 'plain log lines even on a terminal (the default for pipes and files)')
      .option('--no-watch', 'do not redeploy when files change')
      .option(
        '--ignore <patterns>',
        'files the watcher ignores, gitignore syntax, comma-separated (on top of .gitignore)',
        collectList,
      )
      .option(
        '--build <command>',
        "the build step of each deploy (default: package.json's heroku-postbuild or build script)",
      )
      .option('--no-router', 'no router: each web dyno on its own port only (foreman)')
      .option('--no-dashboard', 'no browser dashboard')
      .option('--pty', 'run each dyno in a pseudo-terminal (colours, debuggers); see hdev attach')
      .option('--dashboard-port <port>', "the dashboard's loopback port (default: any free one)")
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
      )
      .addHelpText('after', () => `\n${routerTrustHelp(process.env)}`),
  ).action(
    async (
      formation: string[],
      options: AppOptions & Record<string, string | string[] | boolean | undefined>,
    ) => {
      const { runStart } = await import('./start.js');
      const location = appLocation(options);
      // hdev start waits for its own stdout, and gives up on one that takes nothing (a paused
      // pager): the exit must not wait for it again, without limit.
      exitDrainLimitMs = START_EXIT_DRAIN_MS;
      setExitCode(
        await runStart(
          {
            ...location,
            version: version(),
            buildCommand: typeof options.build === 'string' ? options.build : undefined,
            watch:
              options.watch === false
                ? undefined
                : { ignore: (options.ignore as string[] | undefined) ?? [] },
            tui: options.tui !== false && wantsTerminalUi(process.env),
            formationArgs: [...((options.formation as string[] | undefined) ?? []), ...formation],
            basePort: parsePort('--port', String(options.port)),
            bootTimeoutMs: parseSeconds('--boot-timeout', String(options.bootTimeout)),
            stopTimeoutMs: parseSeconds('--timeout', String(options.timeout)),
            exitOnCrash: options.exitOnCrash === true,
            format: parseChoice('--format', String(options.format), LOG_FORMATS),
            pty: options.pty === true,
            dashboard:
              options.dashboard === false
                ? undefined
                : {
                    port:
                      options.dashboardPort === undefined
                        ? 0
                        : parsePort('--dashboard-port', String(options.dashboardPort)),
                  },
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
      .option('--pty', 'give it a pseudo-terminal even when stdin or stdout is not a terminal')
      .passThroughOptions(),
  ).action(async (args: string[], options: AppOptions & { port: string; pty?: boolean }) => {
    const { runOneOff } = await import('./run.js');
    const location = appLocation(options);
    setExitCode(
      await runOneOff(
        {
          ...location,
          args,
          basePort: parsePort('--port', options.port),
          pty: options.pty === true,
        },
        signals,
      ),
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

  withAppOptions(
    program
      .command('doctor')
      .description("run Heroku's deploy checklist on the app: files, then a scratch run")
      .option('--static', 'check the files only; do not start the app')
      .option('--json', 'one JSON document, for CI')
      .option('--strict', 'exit 1 on warnings too')
      .option('--timeout <seconds>', 'time budget of the scratch run', '90'),
  ).action(async (options: AppOptions & Record<string, string | boolean | undefined>) => {
    const { runDoctor } = await import('./doctor.js');
    setExitCode(
      await runDoctor({
        ...appLocation(options),
        staticOnly: options.static === true,
        json: options.json === true,
        strict: options.strict === true,
        budgetMs: parseSeconds('--timeout', String(options.timeout)),
      }),
    );
  });

  addDashboardCommand(program, setExitCode);
  addAttachCommand(program, setExitCode);
  addExportCommand(program, setExitCode);
  addControlCommands(program, setExitCode);
  addConfigCommands(program, setExitCode);
  return program;
}

function addExportCommand(program: Command, setExitCode: (code: number) => void): void {
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
      .option('-t, --timeout <seconds>', 'seconds between SIGTERM and SIGKILL (Heroku: 30)', '30')
      .option('--dry-run', 'print the files instead of writing them')
      .option('--force', 'overwrite files that hdev export did not write'),
  ).action(
    async (
      format: string,
      dir: string | undefined,
      options: AppOptions & Record<string, string | string[] | boolean | undefined>,
    ) => {
      const { runExport } = await import('./export.js');
      setExitCode(
        runExport({
          ...appLocation(options),
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
    },
  );
}

/** `-d` only: the commands that talk to a running `hdev start` find it by its app directory. */
function withAppDir(command: Command): Command {
  return command
    .option(
      '-d, --app-dir <dir>',
      'the app root of the running hdev start (default: the current directory)',
    )
    .option('--debug', 'show stack traces for errors');
}

function controlLocation(options: { appDir?: string; debug?: boolean }): { appDir?: string } {
  debug ||= options.debug === true;
  return { appDir: options.appDir };
}

type ControlCommandOptions = { appDir?: string; debug?: boolean };

function addControlCommands(program: Command, setExitCode: (code: number) => void): void {
  withAppDir(
    program
      .command('scale')
      .description(
        'change the formation of the running hdev start: web=3 worker+1 web-1; none prints it',
      )
      .argument('[changes...]', 'type=N, type+N or type-N, several at once'),
  ).action(async (changes: string[], options: ControlCommandOptions) => {
    const { runScale } = await import('./control-commands.js');
    setExitCode(await runScale(controlLocation(options), changes));
  });

  withAppDir(
    program
      .command('ps')
      .description('list the dynos of the running hdev start, as heroku ps does')
      .argument('[types...]', 'only these process types')
      .option('--json', 'one JSON object per dyno, with port, pid, restarts and release'),
  ).action(async (types: string[], options: ControlCommandOptions & { json?: boolean }) => {
    const { runPs } = await import('./control-commands.js');
    setExitCode(await runPs(controlLocation(options), types, options.json === true));
  });

  withAppDir(
    program
      .command('restart')
      .description('restart dynos: all, a process type (web) or one dyno (web.1)')
      .argument('[target]', 'a process type or a dyno name (default: every dyno)'),
  ).action(async (target: string | undefined, options: ControlCommandOptions) => {
    const { runRestart } = await import('./control-commands.js');
    setExitCode(await runRestart(controlLocation(options), target));
  });

  withAppDir(
    program
      .command('stop')
      .description('stop a process type or one dyno; it stays down until hdev restart or scale')
      .argument('<target>', 'a process type (worker), a dyno (worker.1) or a one-off (run.1234)'),
  ).action(async (target: string, options: ControlCommandOptions) => {
    const { runStop } = await import('./control-commands.js');
    setExitCode(await runStop(controlLocation(options), target));
  });

  withAppDir(
    program
      .command('logs')
      .description(
        'show the recent log of the running hdev start (1,500 lines kept), then follow with -t',
      )
      .option('-n, --num <lines>', 'how many lines of history to show', String(DEFAULT_LOG_LINES))
      .option('-t, --tail', 'keep following the log until Ctrl-C')
      .option('--dyno <name>', 'only this dyno (web.1, router)')
      .option('--ps <type>', 'only dynos of this process type (web)')
      .option('-s, --source <source>', 'only app or heroku (platform) lines')
      .option('--format <format>', 'log line format (foreman, heroku, json)', 'foreman'),
  ).action(
    async (
      options: ControlCommandOptions & {
        num: string;
        tail?: boolean;
        dyno?: string;
        ps?: string;
        source?: string;
        format: string;
      },
    ) => {
      const { runLogs } = await import('./control-commands.js');
      const source =
        options.source === undefined
          ? undefined
          : parseChoice('--source', options.source, LOG_SOURCES);
      setExitCode(
        await runLogs(
          controlLocation(options),
          {
            lines: parseCount('--num', options.num),
            tail: options.tail === true,
            filter: { dyno: options.dyno, type: options.ps, source },
            format: parseChoice('--format', options.format, LOG_FORMATS),
          },
          signals,
        ),
      );
    },
  );
}

function addConfigCommands(program: Command, setExitCode: (code: number) => void): void {
  withAppOptions(
    program
      .command('config')
      .description('show the config vars from the env files, as heroku config does')
      .option('--json', 'as a JSON object')
      .option('-s, --shell', 'as KEY=value lines a shell can source'),
  ).action(async (options: AppOptions & { json?: boolean; shell?: boolean }) => {
    const { runConfig } = await import('./config-commands.js');
    const format = options.json === true ? 'json' : options.shell === true ? 'shell' : 'text';
    setExitCode(runConfig(appLocation(options), format));
  });

  withAppOptions(
    program
      .command('config:get')
      .description('print one config var')
      .argument('<key>')
      .option('-s, --shell', 'as KEY=value'),
  ).action(async (key: string, options: AppOptions & { shell?: boolean }) => {
    const { runConfigGet } = await import('./config-commands.js');
    setExitCode(runConfigGet(appLocation(options), key, options.shell === true));
  });

  withAppOptions(
    program
      .command('config:set')
      .description('set config vars in the env file, then release and restart a running hdev start')
      .argument('<assignments...>', 'KEY=value pairs'),
  ).action(async (args: string[], options: AppOptions) => {
    const { runConfigSet } = await import('./config-commands.js');
    setExitCode(await runConfigSet(appLocation(options), args));
  });

  withAppOptions(
    program
      .command('config:unset')
      .description('remove config vars from the env files, then release and restart')
      .argument('<keys...>'),
  ).action(async (keys: string[], options: AppOptions) => {
    const { runConfigUnset } = await import('./config-commands.js');
    setExitCode(await runConfigUnset(appLocation(options), keys));
  });

  withAppDir(
    program
      .command('releases')
      .description('list the releases of the running hdev start, newest first')
      .option('--json', 'as JSON'),
  ).action(async (options: ControlCommandOptions & { json?: boolean }) => {
    const { runReleases } = await import('./config-commands.js');
    setExitCode(await runReleases(controlLocation(options), options.json === true));
  });
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

/** Bound on the drain after a crash: the rest of hdev is in an unknown state meanwhile. */
const FATAL_DRAIN_MS = 2_000;

/** Exits once stdout and stderr have drained: a pipe gets every byte written to it. */
async function exitAfterOutput(code: number, limitMs?: number): Promise<never> {
  const drained = Promise.all([drainStream(process.stdout), drainStream(process.stderr)]);
  const limit = new Promise<void>((resolve) => {
    if (limitMs !== undefined) setTimeout(resolve, limitMs);
  });
  await (limitMs === undefined ? drained : Promise.race([drained, limit]));
  process.exit(code);
}

let exiting = false;
function fatal(error: unknown): void {
  signals.runEmergency(); // never leave dynos behind
  if (exiting) return;
  exiting = true;
  void exitAfterOutput(report(error), FATAL_DRAIN_MS);
}

process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
process.on('exit', () => signals.runEmergency());
for (const stream of [process.stdout, process.stderr]) {
  endQuietlyOnBrokenPipe(stream, () => process.exit(process.exitCode ?? 0), fatal);
}
const exitCode = await main(process.argv.slice(2));
await exitAfterOutput(exitCode, exitDrainLimitMs);
