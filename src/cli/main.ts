// The command boundary: build the commander program from the command definitions in commands/
// (each loads its module lazily), and catch every error in one place. The only module that ends
// the process or decides its exit code.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { HdevError, INTERNAL_ERROR_EXIT_CODE, USAGE_EXIT_CODE } from '../errors.js';
import { addAddonCommands } from './commands/addons.js';
import { addAttachCommand } from './commands/attach.js';
import { addCheckCommand } from './commands/check.js';
import { addConfigCommands } from './commands/config.js';
import type { CommandContext } from './commands/context.js';
import { addDashboardCommand } from './commands/dashboard.js';
import { addDoctorCommand } from './commands/doctor.js';
import { addExportCommand } from './commands/export.js';
import { addGitCommands } from './commands/git.js';
import { addLogsCommand } from './commands/logs.js';
import { addPsCommand } from './commands/ps.js';
import { addReleasesCommand } from './commands/releases.js';
import { addRestartCommand } from './commands/restart.js';
import { addRunCommand } from './commands/run.js';
import { addScaleCommand } from './commands/scale.js';
import { addStartCommand } from './commands/start.js';
import { addStopCommand } from './commands/stop.js';
import { createShutdownSignals } from './signals.js';
import { drainStream, endQuietlyOnBrokenPipe } from './drain-output.js';

const signals = createShutdownSignals();
/** How long the exit waits for stdout and stderr to drain; undefined: as long as they take. */
let exitDrainLimitMs: number | undefined;
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

/** The commands in the order `hdev --help` lists them. */
const COMMANDS: readonly ((program: Command, context: CommandContext) => void)[] = [
  addStartCommand,
  addRunCommand,
  addCheckCommand,
  addDoctorCommand,
  addExportCommand,
  addScaleCommand,
  addPsCommand,
  addRestartCommand,
  addStopCommand,
  addLogsCommand,
  addConfigCommands,
  addReleasesCommand,
  addAddonCommands,
  addGitCommands,
  addDashboardCommand,
  addAttachCommand,
];

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('hdev')
    .description('Run a Procfile app locally the way the Heroku platform runs it.')
    .version(version(), '-v, --version')
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .exitOverride();
  const context: CommandContext = {
    signals,
    version,
    setExitCode,
    enableDebug: () => (debug = true),
    limitExitDrain: (ms) => (exitDrainLimitMs = ms),
  };
  for (const addCommand of COMMANDS) addCommand(program, context);
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
