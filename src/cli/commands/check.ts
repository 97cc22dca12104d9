// `hdev check`: validate the app's files; the work is runCheck in ../check.ts.
import type { Command } from 'commander';
import type { AppOptions, CommandContext } from './context.js';
import { appLocation, withAppOptions } from './context.js';

export function addCheckCommand(program: Command, context: CommandContext): void {
  withAppOptions(
    program
      .command('check')
      .description('validate the Procfile, env files and app.json; exit 1 on problems'),
  ).action(async (options: AppOptions) => {
    const { runCheck } = await import('../check.js');
    context.setExitCode(runCheck(appLocation(options, context)));
  });
}
