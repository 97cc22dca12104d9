// `hdev config`, `config:get`, `config:set` and `config:unset`: Heroku's config var commands
// over the app's env files; the work is in ../config-vars/.
import type { Command } from 'commander';
import type { AppOptions, CommandContext } from './context.js';
import { appLocation, withAppOptions } from './context.js';

export function addConfigCommands(program: Command, context: CommandContext): void {
  withAppOptions(
    program
      .command('config')
      .description('show the config vars from the env files, as heroku config does')
      .option('--json', 'as a JSON object')
      .option('-s, --shell', 'as KEY=value lines a shell can source'),
  ).action(async (options: AppOptions & { json?: boolean; shell?: boolean }) => {
    const { runConfig } = await import('../config-vars/show.js');
    const format = options.json === true ? 'json' : options.shell === true ? 'shell' : 'text';
    context.setExitCode(runConfig(appLocation(options, context), format));
  });

  withAppOptions(
    program
      .command('config:get')
      .description('print one config var')
      .argument('<key>')
      .option('-s, --shell', 'as KEY=value'),
  ).action(async (key: string, options: AppOptions & { shell?: boolean }) => {
    const { runConfigGet } = await import('../config-vars/show.js');
    context.setExitCode(runConfigGet(appLocation(options, context), key, options.shell === true));
  });

  withAppOptions(
    program
      .command('config:set')
      .description('set config vars in the env file, then release and restart a running hdev start')
      .argument('<assignments...>', 'KEY=value pairs'),
  ).action(async (args: string[], options: AppOptions) => {
    const { runConfigSet } = await import('../config-vars/edit.js');
    context.setExitCode(await runConfigSet(appLocation(options, context), args));
  });

  withAppOptions(
    program
      .command('config:unset')
      .description('remove config vars from the env files, then release and restart')
      .argument('<keys...>'),
  ).action(async (keys: string[], options: AppOptions) => {
    const { runConfigUnset } = await import('../config-vars/edit.js');
    context.setExitCode(await runConfigUnset(appLocation(options, context), keys));
  });
}
