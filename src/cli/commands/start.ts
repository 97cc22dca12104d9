// `hdev start`: its options and their defaults; the work is runStart in ../start.ts.
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  DEFAULT_ROUTER_HOST,
  HEROKU_BOOT_TIMEOUT_MS,
  HEROKU_ROUTER_TIMINGS,
  HEROKU_STOP_TIMEOUT_MS,
} from '../../domain/defaults.js';
import { DEFAULT_BASE_PORT } from '../../domain/ports.js';
import { DEFAULT_KEEP_SLUGS } from '../../domain/defaults.js';
import { DEFAULT_LOG_FORMAT, LOG_FORMATS } from '../../logs/formatters.js';
import { routerTrustHelp } from '../../router/localhost-certificate.js';
import { collectList, parseChoice, parseKeepSlugs, parsePort, parseSeconds } from '../options.js';
import type { StartOptions } from '../start.js';
import type { AppOptions, CommandContext } from './context.js';
import { appLocation, seconds, withAppOptions } from './context.js';

/** hdev start's last words (on stderr) get this long once its own output has given up. */
const START_EXIT_DRAIN_MS = 500;

type StartFlags = AppOptions & Record<string, string | string[] | boolean | undefined>;

export function addStartCommand(program: Command, context: CommandContext): void {
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
      .option(
        '--boot-timeout <seconds>',
        'R10: seconds a web dyno has to bind $PORT',
        seconds(HEROKU_BOOT_TIMEOUT_MS),
      )
      .option(
        '-t, --timeout <seconds>',
        'R12: seconds between SIGTERM and SIGKILL at shutdown',
        seconds(HEROKU_STOP_TIMEOUT_MS),
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
      .option(
        '--keep-slugs <count>',
        'slugs kept for rollbacks besides the current one (older releases expire)',
        String(DEFAULT_KEEP_SLUGS),
      )
      .option('--no-slugs', 'run dynos in the working tree: no slug per release, no rollback')
      .option('--no-router', 'no router: each web dyno on its own port only (foreman)')
      .option('--no-dashboard', 'no browser dashboard')
      .option('--dashboard-port <port>', "the dashboard's loopback port (default: any free one)")
      .option('--pty', 'run each dyno in a pseudo-terminal (colours, debuggers); see hdev attach')
      .option('--host <host>', 'the address the router listens on', DEFAULT_ROUTER_HOST)
      .option('--no-router-logs', "hide the router's at=info line per request (errors still show)")
      .option(
        '--router-timeout <seconds>',
        'H12: seconds a dyno has to start its response',
        seconds(HEROKU_ROUTER_TIMINGS.requestTimeoutMs),
      )
      .option(
        '--router-idle-timeout <seconds>',
        'H15: seconds without data before a response is cut',
        seconds(HEROKU_ROUTER_TIMINGS.idleTimeoutMs),
      )
      .option(
        '--router-queue-timeout <seconds>',
        'H20: seconds a request waits for a web dyno',
        seconds(HEROKU_ROUTER_TIMINGS.bootWaitMs),
      )
      .addOption(
        new Option(
          '--releases-dir <dir>',
          'keep the releases and slugs of this run here',
        ).hideHelp(),
      )
      .addOption(
        new Option('--format <format>', 'log line format')
          .choices(LOG_FORMATS)
          .default(DEFAULT_LOG_FORMAT),
      )
      .addHelpText('after', () => `\n${routerTrustHelp(process.env)}`),
  ).action(async (formation: string[], options: StartFlags) => {
    const { runStart } = await import('../start.js');
    // hdev start waits for its own stdout, and gives up on one that takes nothing (a paused
    // pager): the exit must not wait for it again, without limit.
    context.limitExitDrain(START_EXIT_DRAIN_MS);
    const startOptions = startOptionsFrom(formation, options, context);
    context.setExitCode(await runStart(startOptions, context.signals));
  });
}

function startOptionsFrom(
  formation: readonly string[],
  options: StartFlags,
  context: CommandContext,
): StartOptions {
  return {
    ...appLocation(options, context),
    version: context.version(),
    buildCommand: typeof options.build === 'string' ? options.build : undefined,
    slugs:
      options.slugs === false
        ? undefined
        : { keep: parseKeepSlugs('--keep-slugs', String(options.keepSlugs)) },
    ...(typeof options.releasesDir === 'string'
      ? { releasesDirectory: resolve(options.releasesDir) }
      : {}),
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
            requestTimeoutMs: parseSeconds('--router-timeout', String(options.routerTimeout)),
            idleTimeoutMs: parseSeconds('--router-idle-timeout', String(options.routerIdleTimeout)),
            bootWaitMs: parseSeconds('--router-queue-timeout', String(options.routerQueueTimeout)),
          },
  };
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
