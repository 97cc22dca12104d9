// `hdev stop`: its argument; the work is runStop in ../socket-clients/stop.ts.
import type { Command } from 'commander';
import type { CommandContext, ControlOptions } from './context.js';
import { controlLocation, withAppDir } from './context.js';

export function addStopCommand(program: Command, context: CommandContext): void {
  withAppDir(
    program
      .command('stop')
      .description('stop a process type or one dyno; it stays down until hdev restart or scale')
      .argument('<target>', 'a process type (worker), a dyno (worker.1) or a one-off (run.1234)'),
  ).action(async (target: string, options: ControlOptions) => {
    const { runStop } = await import('../socket-clients/stop.js');
    context.setExitCode(await runStop(controlLocation(options, context), target));
  });
}
