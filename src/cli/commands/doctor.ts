// `hdev doctor`: Heroku's deploy checklist; the work is runDoctor in ../doctor.ts.
import type { Command } from 'commander';
import { DEFAULT_DOCTOR_BUDGET_MS } from '../../domain/defaults.js';
import { parseSeconds } from '../options.js';
import type { AppOptions, CommandContext } from './context.js';
import { appLocation, seconds, withAppOptions } from './context.js';

type DoctorFlags = AppOptions & Record<string, string | boolean | undefined>;

export function addDoctorCommand(program: Command, context: CommandContext): void {
  withAppOptions(
    program
      .command('doctor')
      .description("run Heroku's deploy checklist on the app: files, then a scratch run")
      .option('--static', 'check the files only; do not start the app')
      .option('--json', 'one JSON document, for CI')
      .option('--strict', 'exit 1 on warnings too')
      .option(
        '--timeout <seconds>',
        'time budget of the scratch run',
        seconds(DEFAULT_DOCTOR_BUDGET_MS),
      ),
  ).action(async (options: DoctorFlags) => {
    const { runDoctor } = await import('../doctor.js');
    context.setExitCode(
      await runDoctor({
        ...appLocation(options, context),
        staticOnly: options.static === true,
        json: options.json === true,
        strict: options.strict === true,
        budgetMs: parseSeconds('--timeout', String(options.timeout)),
      }),
    );
  });
}
