// `hdev run`: a one-off dyno attached to this terminal; the work is runOneOff in ../run.ts.
import type { Command } from 'commander';
import { DEFAULT_BASE_PORT } from '../../domain/ports.js';
import { parsePort } from '../options.js';
import type { AppOptions, CommandContext } from './context.js';
import { appLocation, withAppOptions } from './context.js';

export function addRunCommand(program: Command, context: CommandContext): void {
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
    const { runOneOff } = await import('../run.js');
    const location = appLocation(options, context);
    const basePort = parsePort('--port', options.port);
    context.setExitCode(
      await runOneOff({ ...location, args, basePort, pty: options.pty === true }, context.signals),
    );
  });
}
