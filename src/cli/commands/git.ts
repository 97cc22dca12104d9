// `hdev git:remote` and the hidden `hdev git:receive` its repository's hook runs; the work is in
// ../git.ts.
import type { Command } from 'commander';
import type { CommandContext } from './context.js';

interface GitCommandOptions {
  appDir?: string;
  remote?: string;
  debug?: boolean;
}

export function addGitCommands(program: Command, context: CommandContext): void {
  program
    .command('git:remote')
    .description(
      'add a git remote to push the app to: `git push hdev main` deploys it, as on Heroku',
    )
    .option('-r, --remote <name>', 'the git remote to create or update', 'hdev')
    .option(
      '-d, --app-dir <dir>',
      'the app root, a git repository (default: the current directory)',
    )
    .option('--debug', 'show stack traces for errors')
    .action(async (options: GitCommandOptions) => {
      if (options.debug === true) context.enableDebug();
      const { runGitRemote, DEFAULT_REMOTE } = await import('../git.js');
      context.setExitCode(
        await runGitRemote({ appDir: options.appDir, remote: options.remote ?? DEFAULT_REMOTE }),
      );
    });

  program
    .command('git:receive', { hidden: true })
    .description("the pre-receive hook of the app's hdev repository: deploys a push")
    .requiredOption('-d, --app-dir <dir>', 'the app root')
    .option('--debug', 'show stack traces for errors')
    .action(async (options: GitCommandOptions & { appDir: string }) => {
      if (options.debug === true) context.enableDebug();
      const [{ runGitReceive }, { deployPushedCommit }] = await Promise.all([
        import('../git.js'),
        import('../git-push-deploy.js'),
      ]);
      context.setExitCode(await runGitReceive({ appDir: options.appDir }, deployPushedCommit));
    });
}
