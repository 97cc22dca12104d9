// Where `hdev start` shows its app: plain prefixed lines (pipes, CI, --no-tui) or the terminal
// UI. Both consume the same log bus (the UI through the engine), so they can never disagree.
import type { Formation } from '../domain/formation.js';
import type { LogFormat } from '../logs/formatters.js';
import { createFormatter } from '../logs/formatters.js';
import type { LogBus } from '../logs/log-bus.js';
import { PlainPrinter } from '../output/plain-printer.js';
import type { Engine } from '../engine/engine-api.js';
import { shouldUseColor } from './color.js';

export interface StartOutput {
  /** Resolves once everything shown so far is out (plain mode) or the UI is gone. */
  close(): Promise<void>;
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

export async function tuiOutput(engine: Engine): Promise<StartOutput> {
  // ink and React load only here: plain mode and the other commands never pay for them.
  const { renderTui } = await import('../ui/render.js');
  const ui = renderTui(engine, { stdout: process.stdout, stdin: process.stdin });
  return {
    close: () => {
      ui.unmount();
      return Promise.resolve();
    },
  };
}
