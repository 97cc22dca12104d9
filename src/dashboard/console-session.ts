// The dashboard's console: a one-off dyno (`run.N`) in a pseudo-terminal, attached to one
// WebSocket. Heroku's `heroku run bash` in the browser: the dyno gets the app's config vars,
// PORT and DYNO, is listed in `hdev ps` while it lives, and is killed with every process it
// started when the socket closes (the tab closed) or hdev stops.
import type { IPty } from '@lydell/node-pty';
import { buildDynoEnv } from '../domain/dyno-env.js';
import { oneOffDynoName } from '../domain/dyno-name.js';
import type { Engine } from '../engine/engine-api.js';
import { DYNO_MARKER_VAR, dynoMarker } from '../supervisor/dyno-marker.js';
import { withDynoStartup } from '../supervisor/dyno-startup-file.js';
import { allocatePort } from '../supervisor/port-probe.js';
import type { DynoIdentity } from '../supervisor/process-group.js';
import {
  groupIsAlive,
  killDyno,
  signalDyno,
  waitForGroupExit,
} from '../supervisor/process-group.js';
import { findShell } from '../supervisor/shell.js';
import { systemClock } from '../time/clock.js';

export interface ConsoleSettings {
  readonly appRoot: string;
  readonly shellEnv: Readonly<Record<string, string | undefined>>;
  /** The PORT search starts here, as `hdev run -p` does. */
  readonly basePort: number;
  /** The run's id: its watchdog kills the console too if hdev dies (see dyno-marker.ts). */
  readonly runId: string;
  /** How long the console's processes get between SIGHUP/SIGTERM and SIGKILL. */
  readonly stopGraceMs: number;
}

export interface ConsoleRequest {
  readonly command: string;
  readonly cols: number;
  readonly rows: number;
}

/** The side of the WebSocket a session talks to. */
export interface ConsoleSink {
  output(data: string): void;
  /** The dyno's command exited (status as a shell reports it). */
  exited(status: number): void;
}

export interface ConsoleSession {
  readonly name: string;
  readonly pid: number;
  input(data: string): void;
  resize(cols: number, rows: number): void;
  /** Hangs up and kills the whole process tree; resolves once nothing of it is left. */
  close(): Promise<void>;
}

type PtyModule = typeof import('@lydell/node-pty');
let ptyModule: Promise<PtyModule> | undefined;

/** node-pty loads a native addon: only when the first console opens. */
function loadPty(): Promise<PtyModule> {
  ptyModule ??= import('@lydell/node-pty');
  return ptyModule;
}

const usedNames = new Set<string>();

export async function openConsole(
  engine: Engine,
  settings: ConsoleSettings,
  request: ConsoleRequest,
  sink: ConsoleSink,
): Promise<ConsoleSession> {
  const pty = await loadPty();
  const taken = new Set([...usedNames, ...engine.snapshot().dynos.map((dyno) => dyno.name)]);
  const name = oneOffDynoName('run', taken);
  usedNames.add(name);
  const port = await allocatePort(settings.basePort, new Set());
  const marker = dynoMarker(settings.runId, `console-${name}`);
  const env: Record<string, string> = {
    ...buildDynoEnv(settings.shellEnv, engine.configVars(), { dyno: name, port }),
    // A terminal of xterm.js's kind: colours and full-screen programs work as in a local shell.
    TERM: 'xterm-256color',
    COLORTERM: 'truecolor',
    [DYNO_MARKER_VAR]: marker,
  };
  const child: IPty = pty.spawn(findShell(env.PATH), ['-c', request.command], {
    name: 'xterm-256color',
    cols: request.cols,
    rows: request.rows,
    cwd: settings.appRoot,
    env: withDynoStartup(env, settings.appRoot),
  });
  // forkpty makes the child a session and process group leader: its pid names the group.
  const identity: DynoIdentity = { pgid: child.pid, marker };
  let exited = false;
  let closing: Promise<void> | undefined;
  const exit = new Promise<void>((resolve) => {
    child.onExit(({ exitCode, signal }) => {
      exited = true;
      sink.exited(signal !== undefined && signal !== 0 ? 128 + signal : exitCode);
      resolve();
    });
  });
  child.onData((data) => sink.output(data));

  const close = (): Promise<void> => {
    closing ??= (async () => {
      // A closed terminal hangs up: SIGHUP, as a shell's session gets when its terminal goes,
      // then SIGTERM, then, after the grace period, SIGKILL for whatever is left.
      const escaped = [...signalDyno(identity, 'SIGHUP'), ...signalDyno(identity, 'SIGTERM')];
      const gone = await waitForGroupExit(
        identity.pgid,
        systemClock,
        settings.stopGraceMs,
        undefined,
        escaped,
      );
      if (!gone) killDyno(identity, !exited);
      await Promise.race([exit, waitForGroupExit(identity.pgid, systemClock, 2_000)]);
      withdraw();
      usedNames.delete(name);
    })();
    return closing;
  };
  const withdraw = engine.registerOneOff({ name, command: request.command, pid: child.pid }, () => {
    void close();
  });
  // The command ending ends the one-off; what it left in its group goes with it.
  void exit.then(() => {
    if (groupIsAlive(identity.pgid)) void close();
    else {
      withdraw();
      usedNames.delete(name);
    }
  });
  return {
    name,
    pid: child.pid,
    input: (data) => {
      if (!exited) child.write(data);
    },
    resize: (cols, rows) => {
      if (!exited) child.resize(cols, rows);
    },
    close,
  };
}
