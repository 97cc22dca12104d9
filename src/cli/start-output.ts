// Where `hdev start` shows its app: plain prefixed lines (pipes, CI, --no-tui) or the terminal
// UI. Both consume the same log bus (the UI through the engine), so they can never disagree.
import type { Formation } from '../domain/formation.js';
import type { LogFormat } from '../logs/formatters.js';
import { createFormatter } from '../logs/formatters.js';
import type { LogBus } from '../logs/log-bus.js';
import { PlainPrinter } from '../output/plain-printer.js';
import type { RunningEngine } from '../engine/create-engine.js';
import { shouldUseColor } from './color.js';

/** How `hdev start` ended: what stopped it and its exit code. */
export interface StartEnding {
  readonly cause: string;
  readonly exitCode: number;
}

export interface StartOutput {
  /**
   * Resolves once everything shown so far is out (plain mode) or the UI is gone and its summary
   * printed (the plain lines already are the whole story, so plain mode adds nothing).
   */
  close(ending: StartEnding): Promise<void>;
}

/** At exit, how long a stalled stdout (a paused pager) may hold hdev before it gives up. */
const OUTPUT_STALL_MS = 2_000;

/** foreman pads dyno names to the longest one (at least 6 wide) so the `|` columns line up. */
function nameWidth(formation: Formation): number {
  const names = [...formation]
    .filter(([, quantity]) => quantity > 0)
    .map(([type, quantity]) => `${type}.${quantity}`);
  return Math.max(6, ...names.map((name) => name.length));
}

export function plainOutput(bus: LogBus, format: LogFormat, formation: Formation): StartOutput {
  const printer = new PlainPrinter(
    process.stdout,
    createFormatter({
      format,
      color: shouldUseColor(process.stdout, process.env),
      nameWidth: nameWidth(formation),
    }),
  );
  printer.attach(bus);
  return {
    close: async () => {
      if (!(await printer.flush(OUTPUT_STALL_MS))) {
        process.stderr.write(
          `hdev: stdout took nothing for ${OUTPUT_STALL_MS / 1000} s; the last log lines were not written\n`,
        );
      }
    },
  };
}

export async function tuiOutput(engine: RunningEngine): Promise<StartOutput> {
  // ink and React load only here: plain mode and the other commands never pay for them.
  const { renderTui } = await import('../ui/render.js');
  const { formatStopSummary } = await import('../ui/stop-summary.js');
  const ui = renderTui(engine, { stdout: process.stdout, stdin: process.stdin });
  return {
    close: (ending) => {
      ui.unmount();
      // On the normal screen, after the alternate one is gone: what ended the run and why any
      // dyno crashed, which the UI's log took with it.
      process.stderr.write(formatStopSummary({ ...ending, report: engine.runReport() }));
      return Promise.resolve();
    },
  };
}
