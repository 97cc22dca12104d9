// Exit statuses as Heroku (and a shell) report them: 128 + signal number for a killed process.
import { constants } from 'node:os';

/** `Process exited with status N`: 143 for SIGTERM, 137 for SIGKILL, 127 for command not found. */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  if (signal !== null) return signalExitStatus(signal);
  return 1;
}

/** The signal number of a signal name, for exit codes like 130 (SIGINT). */
export function signalExitStatus(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
