// `hdev scale`: its arguments; the work is runScale in ../socket-clients/scale.ts.
import type { Command } from 'commander';
import type { CommandContext, ControlOptions } from './context.js';
import { controlLocation, withAppDir } from './context.js';

export function addScaleCommand(program: Command, context: CommandContext): void {
  withAppDir(
    program
      .command('scale')
      .description(
        'change the formation of the running hdev start: web=3 worker+1 web-1; none prints it',
      )
      .argument('[changes...]', 'type=N, type+N or type-N, several at once'),
  ).action(async (changes: string[], options: ControlOptions) => {
    const { runScale } = await import('../socket-clients/scale.js');
    context.setExitCode(await runScale(controlLocation(options, context), changes));
  });
}
