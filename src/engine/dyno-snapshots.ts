// The one place a supervisor's dynos become the dynos every client sees (`DynoSnapshot`): the
// formation's dynos with their CPU and memory, and the one-offs `hdev run` announced.
import type { DynoState } from '../domain/dyno-state.js';
import type { DynoUsage } from '../supervisor/dyno-usage.js';
import type { DynoView, OneOffView } from '../supervisor/supervisor.js';
import type { DynoSnapshot } from './engine-api.js';

/** Heroku lists `hdev run`'s dynos under the `run` type (`run.4821`). */
export const ONE_OFF_TYPE = 'run';

export function formationDynoSnapshot(dyno: DynoView, usage: DynoUsage | undefined): DynoSnapshot {
  return {
    name: dyno.name,
    type: dyno.type,
    command: dyno.command,
    state: dyno.state,
    stateSince: dyno.stateSince,
    port: dyno.port,
    pid: dyno.pid,
    restarts: dyno.restarts,
    release: dyno.release,
    oneOff: false,
    cpuPercent: usage?.cpuPercent,
    memoryBytes: usage?.memoryBytes,
  };
}

/**
 * A one-off is listed as `up` from its announcement: `hdev run` announces it once its process
 * runs, and it leaves the list when that process ends. Its usage is not sampled: its process is
 * `hdev run`'s child, not this hdev's.
 */
export function oneOffSnapshot(oneOff: OneOffView, release: number): DynoSnapshot {
  return {
    name: oneOff.name,
    type: ONE_OFF_TYPE,
    command: oneOff.command,
    state: 'up',
    stateSince: oneOff.since,
    port: undefined,
    pid: oneOff.pid,
    restarts: 0,
    release,
    oneOff: true,
    cpuPercent: undefined,
    memoryBytes: undefined,
  };
}

const STOPPED_STATES: ReadonlySet<DynoState> = new Set(['down', 'crashed', 'complete']);

/** What a shutdown in progress is doing, from the dynos it is stopping. */
export function shutdownProgress(dynos: readonly Pick<DynoSnapshot, 'state'>[]): string {
  const left = dynos.filter((dyno) => !STOPPED_STATES.has(dyno.state)).length;
  return left === 0 ? 'every dyno stopped' : `stopping ${left} dyno${left === 1 ? '' : 's'}…`;
}
