// What every command definition shares: the context main.ts hands it (where the exit code goes,
// the one signal listener, the switches of the single catch) and the options common to commands.
import type { Command } from 'commander';
import type { AppLocation } from '../../config/load-app.js';
import { collectList } from '../options.js';
import type { ShutdownSignals } from '../signals.js';

export interface CommandContext {
  readonly signals: ShutdownSignals;
  /** hdev's version, from package.json. */
  readonly version: () => string;
  readonly setExitCode: (code: number) => void;
  /** `--debug`: the single catch prints stack traces too. */
  readonly enableDebug: () => void;
  /** Bounds how long the exit waits for stdout and stderr to drain. */
  readonly limitExitDrain: (ms: number) => void;
}

export interface AppOptions {
  appDir?: string;
  procfile?: string;
  env?: string[];
  debug?: boolean;
}

/** `-d` and `--debug` only: what the commands that talk to a running `hdev start` take. */
export interface ControlOptions {
  appDir?: string;
  debug?: boolean;
}

/** A commander default for an option given in seconds. */
export function seconds(ms: number): string {
  return String(ms / 1000);
}

/** `-d`, `-f`, `-e`, shared by every command that reads the app (foreman's and heroku local's). */
export function withAppOptions(command: Command): Command {
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

export function appLocation(options: AppOptions, context: CommandContext): AppLocation {
  if (options.debug === true) context.enableDebug();
  return { appDir: options.appDir, procfile: options.procfile, envFiles: options.env };
}

/** `-d` only: the commands that talk to a running `hdev start` find it by its app directory. */
export function withAppDir(command: Command): Command {
  return command
    .option(
      '-d, --app-dir <dir>',
      'the app root of the running hdev start (default: the current directory)',
    )
    .option('--debug', 'show stack traces for errors');
}

export function controlLocation(
  options: ControlOptions,
  context: CommandContext,
): { appDir?: string } {
  if (options.debug === true) context.enableDebug();
  return { appDir: options.appDir };
}
