// `hdev ps`: its options; the work is runPs in ../socket-clients/ps.ts.
import type { Command } from 'commander';
import type { CommandContext, ControlOptions } from './context.js';
import { controlLocation, withAppDir } from './context.js';

export function addPsCommand(program: Command, context: CommandContext): void {
  withAppDir(
    program
      .command('ps')
      .description('list the dynos of the running hdev start, as heroku ps does')
      .argument('[types...]', 'only these process types')
      .option('--json', 'one JSON object per dyno, with port, pid, restarts and release'),
  ).action(async (types: string[], options: ControlOptions & { json?: boolean }) => {
    const { runPs } = await import('../socket-clients/ps.js');
    context.setExitCode(
      await runPs(controlLocation(options, context), types, options.json === true),
    );
  });
}
