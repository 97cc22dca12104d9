// `hdev releases`: its options; the work is runReleases in ../socket-clients/releases.ts.
import type { Command } from 'commander';
import type { CommandContext, ControlOptions } from './context.js';
import { controlLocation, withAppDir } from './context.js';

export function addReleasesCommand(program: Command, context: CommandContext): void {
  withAppDir(
    program
      .command('releases')
      .description('list the releases of the running hdev start, newest first')
      .option('--json', 'as JSON'),
  ).action(async (options: ControlOptions & { json?: boolean }) => {
    const { runReleases } = await import('../socket-clients/releases.js');
    context.setExitCode(
      await runReleases(controlLocation(options, context), options.json === true),
    );
  });
}
