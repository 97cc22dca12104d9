// The last resort when hdev itself exits abnormally: SIGKILL, synchronously, every dyno group
// and every process that carries this run's marker (a process that left its group included).
import type { Dyno } from './dyno.js';
import { markedProcesses, ownStartTicks, runNeedle } from './dyno-marker.js';
import type { ProcessControl } from './process-group.js';

export function killRunSync(
  dynos: readonly Dyno[],
  processes: ProcessControl,
  runId: string,
): void {
  for (const dyno of dynos) {
    const active = dyno.state === 'starting' || dyno.state === 'up' || dyno.state === 'stopping';
    if (active && dyno.pid !== undefined) processes.signalGroup(dyno.pid, 'SIGKILL');
  }
  for (const pid of markedProcesses(runNeedle(runId), { startedSince: ownStartTicks() })) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
