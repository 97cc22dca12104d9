// The platform's own log lines, in Heroku's exact wording (Dev Center "Heroku Error Codes" and
// observed `heroku logs` transcripts; heroku/cli's log colorizer matches these shapes).
import type { DynoState } from './dyno-state.js';

function seconds(ms: number): string {
  const value = ms / 1000;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export const platformMessages = {
  startingProcess: (command: string): string => `Starting process with command \`${command}\``,
  stateChanged: (from: DynoState, to: DynoState): string => `State changed from ${from} to ${to}`,
  processExited: (status: number): string => `Process exited with status ${status}`,
  stoppingAll: (): string => 'Stopping all processes with SIGTERM',
  stoppingWithSigkill: (): string => 'Stopping process with SIGKILL',
  restarting: (): string => 'Restarting',
  bootTimeout: (ms: number): string =>
    `Error R10 (Boot timeout) -> Web process failed to bind to $PORT within ${seconds(ms)} seconds of launch`,
  exitTimeout: (ms: number): string =>
    `Error R12 (Exit timeout) -> Process failed to exit within ${seconds(ms)} seconds of SIGTERM`,
  /** hdev's own note on a crash cool-off (Heroku shows the crashed state without a line). */
  coolOff: (ms: number): string => `Crashed again: restarting in ${seconds(ms)} seconds (cool-off)`,
  runningRelease: (version: number): string => `Running release v${version} commands`,
  releaseCreated: (version: number): string => `Release v${version} created`,
  releaseFailed: (version: number, status: number): string =>
    `Release v${version} failed: release command exited with status ${status}`,
} as const;
