// What an `hdev start` that was killed left running: its watchdog normally stops its dynos, but
// the watchdog may have been killed too, or still be in its grace period. The next `hdev start`
// in that folder stops them before it starts its own dynos, which would otherwise run twice
// (workers) or find their ports taken (web).
import type { Clock } from '../time/clock.js';
import { delay } from '../time/clock.js';
import { markedProcesses, runNeedle } from './dyno-marker.js';

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone since the scan
    }
  }
}

/**
 * SIGTERM to every live process of run `runId`, SIGKILL to those left after `graceMs`;
 * resolves with how many there were once none is left (or after the SIGKILL).
 * Off Linux nothing is found (there is no /proc to read environments from).
 */
export async function stopLeftovers(runId: string, graceMs: number, clock: Clock): Promise<number> {
  const needle = runNeedle(runId);
  const found = markedProcesses(needle);
  if (found.length === 0) return 0;
  signalAll(found, 'SIGTERM');
  const deadline = clock.now() + graceMs;
  for (let interval = 10; clock.now() < deadline; interval = Math.min(interval * 2, 100)) {
    await delay(clock, Math.min(interval, Math.max(1, deadline - clock.now())));
    if (markedProcesses(needle).length === 0) return found.length;
  }
  signalAll(markedProcesses(needle), 'SIGKILL');
  return found.length;
}
