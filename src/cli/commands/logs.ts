// `hdev logs`: its options and their defaults; the work is runLogs in ../socket-clients/logs.ts.
import type { Command } from 'commander';
import { DEFAULT_LOG_LINES, LOG_HISTORY_LINES_TEXT } from '../../domain/defaults.js';
import { DEFAULT_LOG_FORMAT, LOG_FORMATS } from '../../logs/formatters.js';
import { parseChoice, parseCount } from '../options.js';
import type { CommandContext, ControlOptions } from './context.js';
import { controlLocation, withAppDir } from './context.js';

const LOG_SOURCES = ['app', 'heroku'] as const;

interface LogsFlags extends ControlOptions {
  num: string;
  tail?: boolean;
  dyno?: string;
  ps?: string;
  source?: string;
  format: string;
}

export function addLogsCommand(program: Command, context: CommandContext): void {
  withAppDir(
    program
      .command('logs')
      .description(
        `show the recent log of the running hdev start (${LOG_HISTORY_LINES_TEXT} lines kept), then follow with -t`,
      )
      .option('-n, --num <lines>', 'how many lines of history to show', String(DEFAULT_LOG_LINES))
      .option('-t, --tail', 'keep following the log until Ctrl-C')
      .option('--dyno <name>', 'only this dyno (web.1, router)')
      .option('--ps <type>', 'only dynos of this process type (web)')
      .option('-s, --source <source>', 'only app or heroku (platform) lines')
      .option(
        '--format <format>',
        `log line format (${LOG_FORMATS.join(', ')})`,
        DEFAULT_LOG_FORMAT,
      ),
  ).action(async (options: LogsFlags) => {
    const { runLogs } = await import('../socket-clients/logs.js');
    const source =
      options.source === undefined
        ? undefined
        : parseChoice('--source', options.source, LOG_SOURCES);
    context.setExitCode(
      await runLogs(
        controlLocation(options, context),
        {
          lines: parseCount('--num', options.num),
          tail: options.tail === true,
          filter: { dyno: options.dyno, type: options.ps, source },
          format: parseChoice('--format', options.format, LOG_FORMATS),
        },
        context.signals,
      ),
    );
  });
}
