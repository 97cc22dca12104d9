// `hdev releases`, `releases:info`, `releases:output`, `releases:rollback`: their options; the
// work is in ../socket-clients/releases.ts.
import type { Command } from 'commander';
import type { CommandContext, ControlOptions } from './context.js';
import { controlLocation, withAppDir } from './context.js';

export function addReleasesCommand(program: Command, context: CommandContext): void {
  withAppDir(
    program
      .command('releases')
      .description("list the app's releases, newest first (kept across runs of hdev start)")
      .option('--json', 'as JSON'),
  ).action(async (options: ControlOptions & { json?: boolean }) => {
    const { runReleases } = await import('../socket-clients/releases.js');
    context.setExitCode(
      await runReleases(controlLocation(options, context), options.json === true),
    );
  });
  withAppDir(
    program
      .command('releases:info')
      .description('show a release (default: the current one)')
      .argument('[release]', 'v3, or 3')
      .option('--json', 'as JSON'),
  ).action(async (release: string | undefined, options: ControlOptions & { json?: boolean }) => {
    const { runReleaseInfo } = await import('../socket-clients/releases.js');
    context.setExitCode(
      await runReleaseInfo(controlLocation(options, context), release, options.json === true),
    );
  });
  withAppDir(
    program
      .command('releases:output')
      .description("a release's build and release-phase output (default: the current one)")
      .argument('[release]', 'v3, or 3'),
  ).action(async (release: string | undefined, options: ControlOptions) => {
    const { runReleaseOutput } = await import('../socket-clients/releases.js');
    context.setExitCode(await runReleaseOutput(controlLocation(options, context), release));
  });
  withAppDir(
    program
      .command('releases:rollback')
      .alias('rollback')
      .description(
        "roll back to a release's code and config vars (default: the previous release), as a new release",
      )
      .argument('[release]', 'v3, or 3'),
  ).action(async (release: string | undefined, options: ControlOptions) => {
    const { runRollback } = await import('../socket-clients/releases.js');
    context.setExitCode(await runRollback(controlLocation(options, context), release));
  });
}
