// `hdev restart`: its argument; the work is runRestart in ../socket-clients/restart.ts.
import type { Command } from 'commander';
import type { CommandContext, ControlOptions } from './context.js';
import { controlLocation, withAppDir } from './context.js';

export function addRestartCommand(program: Command, context: CommandContext): void {
  withAppDir(
    program
      .command('restart')
      .description('restart dynos: all, a process type (web) or one dyno (web.1)')
      .argument('[target]', 'a process type or a dyno name (default: every dyno)'),
  ).action(async (target: string | undefined, options: ControlOptions) => {
    const { runRestart } = await import('../socket-clients/restart.js');
    context.setExitCode(await runRestart(controlLocation(options, context), target));
  });
}
