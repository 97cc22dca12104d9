// The add-on commands: `hdev addons`, `addons:create`, `addons:destroy`, `addons:info`,
// `pg:psql`, `pg:reset`, `redis:cli`. Each loads its module only when it runs.
import type { Command } from 'commander';
import { collectList } from '../options.js';
import type { CommandContext } from './context.js';

interface AddonOptions {
  appDir?: string;
  env?: string[];
  confirm?: string;
  as?: string;
  json?: boolean;
  command?: string;
}

function withApp(command: Command): Command {
  return command
    .option('-d, --app-dir <dir>', 'the app root (default: the current directory)')
    .option(
      '-e, --env <files>',
      'env files; add-on config vars go to the last (default: .env)',
      collectList,
    )
    .option('--debug', 'show stack traces for errors');
}

export function addAddonCommands(program: Command, context: CommandContext): void {
  const location = (options: AddonOptions & { debug?: boolean }) => {
    if (options.debug === true) context.enableDebug();
    return { appDir: options.appDir, envFiles: options.env };
  };
  withApp(
    program
      .command('addons')
      .description('list the add-ons of the app')
      .option('--json', 'as JSON (no passwords)'),
  ).action(async (options: AddonOptions) => {
    const { runAddons } = await import('../../addons/addon-commands.js');
    context.setExitCode(runAddons(location(options), options.json === true));
  });

  withApp(
    program
      .command('addons:create')
      .description(
        'create a heroku-postgresql or heroku-redis add-on: a local server hdev start runs',
      )
      .argument('<plan>', 'heroku-postgresql or heroku-redis (a :tier is accepted and shown)')
      .option('--as <name>', 'attachment name: sets NAME_URL instead of DATABASE_URL/REDIS_URL'),
  ).action(async (plan: string, options: AddonOptions) => {
    const { runAddonsCreate } = await import('../../addons/addon-commands.js');
    context.setExitCode(await runAddonsCreate(location(options), plan, options.as));
  });

  withApp(
    program
      .command('addons:destroy')
      .description('destroy an add-on and all its data, and unset its config vars')
      .argument('<name>', 'the add-on (postgresql-shiny-12345) or attachment (DATABASE)')
      .option('--confirm <app>', 'the app name, instead of the prompt'),
  ).action(async (name: string, options: AddonOptions) => {
    const { runAddonsDestroy } = await import('../../addons/addon-commands.js');
    context.setExitCode(await runAddonsDestroy(location(options), name, options.confirm));
  });

  withApp(
    program
      .command('addons:info')
      .description('show an add-on: attachments, port, where its data lives')
      .argument('<name>', 'the add-on or attachment name'),
  ).action(async (name: string, options: AddonOptions) => {
    const { runAddonsInfo } = await import('../../addons/addon-commands.js');
    context.setExitCode(runAddonsInfo(location(options), name));
  });

  withApp(
    program
      .command('pg:psql')
      .description("open psql on the app's database (hdev start must be running)")
      .argument('[database]', 'the add-on or attachment (default: the first heroku-postgresql)')
      .option('-c, --command <sql>', 'run one SQL command and exit'),
  ).action(async (name: string | undefined, options: AddonOptions) => {
    const { runPgPsql } = await import('../../addons/client-commands.js');
    context.setExitCode(await runPgPsql(location(options), name, options.command));
  });

  withApp(
    program
      .command('pg:reset')
      .description('delete all data in the database, keeping the add-on and its URL')
      .argument('[database]', 'the add-on or attachment (default: the first heroku-postgresql)')
      .option('--confirm <app>', 'the app name (required)'),
  ).action(async (name: string | undefined, options: AddonOptions) => {
    const { runPgReset } = await import('../../addons/client-commands.js');
    context.setExitCode(await runPgReset(location(options), name, options.confirm));
  });

  withApp(
    program
      .command('redis:cli')
      .description("open redis-cli on the app's Redis (hdev start must be running)")
      .argument('[args...]', 'a Redis command to run instead of the prompt (PING)')
      .option('--addon <name>', 'the add-on or attachment (default: the first heroku-redis)')
      .passThroughOptions(),
  ).action(async (args: string[], options: AddonOptions & { addon?: string }) => {
    const { runRedisCli } = await import('../../addons/client-commands.js');
    context.setExitCode(await runRedisCli(location(options), options.addon, args));
  });
}
