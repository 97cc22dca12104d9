// What the supervisor shows of its dynos: plain data for `hdev ps`, the UI and the router.
import type { DynoState } from '../domain/dyno-state.js';
import type { Dyno } from './dyno.js';

export interface DynoView {
  readonly name: string;
  /** Unique per dyno process (see Dyno.key). */
  readonly key: string;
  readonly type: string;
  readonly command: string;
  readonly state: DynoState;
  readonly stateSince: number;
  readonly port: number;
  /** Where a web dyno's PORT answers (127.0.0.1, ::1…), once it is up. */
  readonly address: string | undefined;
  readonly pid: number | undefined;
  readonly restarts: number;
  /** The release the dyno runs. */
  readonly release: number;
}

/** A one-off dyno (`hdev run`) announced to this app while it runs. */
export interface OneOffView {
  readonly name: string;
  readonly command: string;
  readonly pid: number;
  readonly since: number;
}

export function dynoView(dyno: Dyno, release: number): DynoView {
  return {
    name: dyno.name,
    key: dyno.key,
    type: dyno.spec.type,
    command: dyno.spec.command,
    state: dyno.state,
    stateSince: dyno.stateSince,
    port: dyno.spec.port,
    address: dyno.address,
    pid: dyno.pid,
    restarts: dyno.restarts,
    release,
  };
}
