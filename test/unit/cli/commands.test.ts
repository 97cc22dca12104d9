// The command definitions: every option default is the value the code applies when the user
// gives none, and parsing hands the command's work the same numbers (Heroku's where it has one).
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/cli/commands/context.js';
import { addDoctorCommand } from '../../../src/cli/commands/doctor.js';
import { addExportCommand } from '../../../src/cli/commands/export.js';
import { addLogsCommand } from '../../../src/cli/commands/logs.js';
import { addStartCommand } from '../../../src/cli/commands/start.js';
import {
  DEFAULT_DOCTOR_BUDGET_MS,
  DEFAULT_LOG_LINES,
  HEROKU_BOOT_TIMEOUT_MS,
  HEROKU_ROUTER_TIMINGS,
  HEROKU_STOP_TIMEOUT_MS,
} from '../../../src/domain/defaults.js';
import { parseSeconds } from '../../../src/cli/options.js';

const context: CommandContext = {
  signals: { listen: () => () => undefined, onEmergency: () => undefined },
  version: () => '0.0.0',
  setExitCode: () => undefined,
  enableDebug: () => undefined,
  limitExitDrain: () => undefined,
};

function defaultsOf(
  add: (program: Command, context: CommandContext) => void,
): Record<string, unknown> {
  const program = new Command('hdev');
  add(program, context);
  const [command] = program.commands;
  if (command === undefined) throw new Error('no command defined');
  return Object.fromEntries(
    command.options.map((option) => [option.long ?? option.flags, option.defaultValue]),
  );
}

describe('command option defaults', () => {
  it("hdev start's timeouts are Heroku's R10, R12, H12, H15 and H20", () => {
    const defaults = defaultsOf(addStartCommand);
    const ms = (flag: string): number => parseSeconds(flag, String(defaults[flag]));
    expect({
      boot: ms('--boot-timeout'),
      stop: ms('--timeout'),
      request: ms('--router-timeout'),
      idle: ms('--router-idle-timeout'),
      queue: ms('--router-queue-timeout'),
    }).toEqual({
      boot: 60_000,
      stop: 30_000,
      request: 30_000,
      idle: 55_000,
      queue: 75_000,
    });
    expect(ms('--boot-timeout')).toBe(HEROKU_BOOT_TIMEOUT_MS);
    expect(ms('--timeout')).toBe(HEROKU_STOP_TIMEOUT_MS);
    expect({
      requestTimeoutMs: ms('--router-timeout'),
      idleTimeoutMs: ms('--router-idle-timeout'),
      bootWaitMs: ms('--router-queue-timeout'),
    }).toEqual(HEROKU_ROUTER_TIMINGS);
    expect(defaults['--host']).toBe('127.0.0.1');
    expect(defaults['--format']).toBe('foreman');
  });

  it('hdev export, doctor and logs take their defaults from the same constants', () => {
    expect(parseSeconds('-t', String(defaultsOf(addExportCommand)['--timeout']))).toBe(
      HEROKU_STOP_TIMEOUT_MS,
    );
    expect(parseSeconds('--timeout', String(defaultsOf(addDoctorCommand)['--timeout']))).toBe(
      DEFAULT_DOCTOR_BUDGET_MS,
    );
    const logs = defaultsOf(addLogsCommand);
    expect(Number(logs['--num'])).toBe(DEFAULT_LOG_LINES);
    expect(logs['--format']).toBe('foreman');
  });
});
