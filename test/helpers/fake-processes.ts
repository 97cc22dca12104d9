// Fake processes for supervisor unit tests: a spawner whose children exit when the test says,
// and process control that records signals instead of sending them.
import { PassThrough } from 'node:stream';
import type { Clock } from '../../src/time/clock.js';
import { delay } from '../../src/time/clock.js';
import type { DynoIdentity, ProcessControl } from '../../src/supervisor/process-group.js';
import type {
  ChildExit,
  ChildHandle,
  SpawnRequest,
  Spawner,
} from '../../src/supervisor/spawner.js';

export interface FakeChild {
  readonly request: SpawnRequest;
  readonly pid: number;
  readonly stdout: PassThrough;
  readonly stderr: PassThrough;
  exit(code: number | null, signal?: NodeJS.Signals): void;
  alive: boolean;
}

/** Far above any real pid (Linux's maximum is 4,194,304): signals to it can never land. */
let nextPid = 900_000_000;

export class FakeProcesses implements ProcessControl {
  readonly children: FakeChild[] = [];
  readonly signals: { pgid: number; signal: NodeJS.Signals | 'KILL-TREE' }[] = [];
  /** When true, a SIGTERM makes the child exit with 143 (like most programs). */
  exitOnSigterm = true;

  readonly spawner: Spawner = (request) => {
    const pid = nextPid++;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let resolveExit!: (exit: ChildExit) => void;
    const exited = new Promise<ChildExit>((resolve) => (resolveExit = resolve));
    const child: FakeChild = {
      request,
      pid,
      stdout,
      stderr,
      alive: true,
      exit: (code, signal) => {
        if (!child.alive) return;
        child.alive = false;
        stdout.end();
        stderr.end();
        const status = code ?? (signal === 'SIGKILL' ? 137 : 143);
        resolveExit({ code, signal: signal ?? null, status });
      },
    };
    this.children.push(child);
    const handle: ChildHandle = { pid, stdout, stderr, exited };
    return handle;
  };

  #child(pgid: number): FakeChild | undefined {
    return this.children.find((child) => child.pid === pgid);
  }

  signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
    this.signals.push({ pgid, signal });
    const child = this.#child(pgid);
    if (child?.alive !== true) return false;
    if (signal === 'SIGKILL') child.exit(null, 'SIGKILL');
    if (signal === 'SIGTERM' && this.exitOnSigterm) child.exit(null, 'SIGTERM');
    return true;
  }

  /** Fake dynos never leave their group: signalling the dyno is signalling the group. */
  signalDyno(dyno: DynoIdentity, signal: NodeJS.Signals): number[] {
    this.signalGroup(dyno.pgid, signal);
    return [];
  }

  groupIsAlive(pgid: number): boolean {
    return this.#child(pgid)?.alive === true;
  }

  async waitForGroupExit(
    pgid: number,
    clock: Clock,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const deadline = clock.now() + timeoutMs;
    while (this.groupIsAlive(pgid)) {
      if (clock.now() >= deadline || signal?.aborted === true) return false;
      await delay(clock, 10, signal);
    }
    return true;
  }

  killDyno({ pgid }: DynoIdentity): void {
    this.signals.push({ pgid, signal: 'KILL-TREE' });
    this.#child(pgid)?.exit(null, 'SIGKILL');
  }

  dynoProcesses({ pgid }: DynoIdentity): number[] {
    return this.groupIsAlive(pgid) ? [pgid] : [];
  }
}
