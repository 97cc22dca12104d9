// The few lines hdev leaves on the normal screen once the terminal UI is gone: its alternate
// screen takes the log with it, and with it the lines that said why a dyno crashed.
import type { RunReport } from '../engine/create-engine.js';
import { sanitizeLine } from './sanitize-line.js';
import { APP_MARK, PLATFORM_MARK } from './log-prefix.js';

export interface StopEnding {
  /** What ended the run: `stopped by q`, `stopped by SIGTERM`, `stopped: web.1 crashed`. */
  readonly cause: string;
  readonly exitCode: number;
  readonly report: RunReport;
}

function times(count: number): string {
  return count === 1 ? 'once' : `${count} times`;
}

/** The summary, one `\n`-ended line each; dyno output made safe for the shell's screen too. */
export function formatStopSummary(ending: StopEnding): string {
  const { report } = ending;
  const stopped =
    report.running.length === 0
      ? 'every dyno stopped'
      : `still running: ${report.running.join(', ')}`;
  const lines = [`hdev: ${ending.cause}; exit code ${ending.exitCode}; ${stopped}`];
  for (const crash of report.crashes) {
    const tail = crash.lastLines.length === 0 ? 'it printed nothing' : 'its last lines:';
    lines.push(`hdev: ${crash.dyno} crashed ${times(crash.crashes)}; ${tail}`);
    for (const line of crash.lastLines)
      lines.push(`  ${crash.dyno} ${APP_MARK} ${sanitizeLine(line)}`);
    if (crash.exitLine !== undefined) {
      lines.push(`  ${crash.dyno} ${PLATFORM_MARK} ${sanitizeLine(crash.exitLine)}`);
    }
  }
  return lines.map((line) => `${line}\n`).join('');
}
