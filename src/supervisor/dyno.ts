// One dyno's life, as Heroku's dyno manager runs it: boot, up, crash and restart with cool-off,
// R10 boot timeout, and stop (SIGTERM to every process, R12 and SIGKILL after the grace period).
import type { DynoEvent, DynoState } from '../domain/dyno-state.js';
import { loggedTransition, nextDynoState } from '../domain/dyno-state.js';
import { platformMessages } from '../domain/platform-messages.js';
import type { RestartPolicy } from '../domain/restart-policy.js';
import { nextRestartDelay } from '../domain/restart-policy.js';
import { displayCommand } from '../domain/shell-command.js';
import type { LogBus } from '../logs/log-bus.js';
import { platformBatch } from '../logs/log-bus.js';
import type { Clock, TimerHandle } from '../time/clock.js';
import { OutputReader } from './output-reader.js';
import type { DynoIdentity, ProcessControl } from './process-group.js';
import type { DynoPorts } from './dyno-ports.js';
import { systemPorts } from './dyno-ports.js';
import { DYNO_MARKER_VAR, dynoMarker } from './dyno-marker.js';
import type { GroupRegistry } from './watchdog.js';
import type { ChildExit, ChildHandle, Spawner } from './spawner.js';
import { WEB_TYPE } from '../domain/dyno-name.js';

export interface DynoSpec {
  /** `web.1`, `worker.2`, `release.2817`. */
  readonly name: string;
  readonly type: string;
  readonly command: string;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Formation dynos restart when they exit; one-off and release dynos become `complete`. */
  readonly oneOff: boolean;
}

export interface DynoTimings {
  /** R10: a web dyno must bind PORT within this (Heroku: 60 s). */
  readonly bootTimeoutMs: number;
  /** R12: grace between SIGTERM and SIGKILL (Heroku: 30 s). */
  readonly stopTimeoutMs: number;
}

export interface DynoDeps {
  readonly bus: LogBus;
  readonly clock: Clock;
  readonly spawner: Spawner;
  readonly processes: ProcessControl;
  /** This `hdev start`'s run id: with the dyno's key, the marker in its processes' environment. */
  readonly runId: string;
  /** Told of each process group while it exists: the watchdog kills them if hdev dies. */
  readonly groups?: GroupRegistry;
  readonly timings: DynoTimings;
  readonly restartPolicy: RestartPolicy;
  /** Asked after each crash; false keeps the dyno crashed (shutdown, --exit-on-crash). */
  readonly shouldRestart: (dyno: Dyno) => boolean;
  readonly onStateChange: (dyno: Dyno, from: DynoState, to: DynoState) => void;
  readonly onExit: (dyno: Dyno, exit: ChildExit) => void;
  /** How a web dyno's PORT is watched until it answers; the system's sockets by default. */
  readonly ports?: Pick<DynoPorts, 'watchBoot'>;
}

/** Numbers every dyno process hdev creates, so two dynos of the same name stay apart. */
let nextDynoId = 1;

export class Dyno {
  /** `web.1#7`: unique even while an old and a new `web.1` overlap in a rollout. */
  readonly key: string;
  /** In every process of this dyno's environment, as DYNO_MARKER_VAR (see dyno-marker.ts). */
  readonly marker: string;
  #state: DynoState = 'down';
  #stateSince: number;
  #child: ChildHandle | undefined;
  /** Resolves once the current process's exit has been logged and handled. */
  #exitHandled: Promise<void> = Promise.resolve();
  #upSince: number | undefined;
  #consecutiveCrashes = 0;
  #restarts = 0;
  /** The exit of the current process once it has been handled (waitForExit reads it). */
  #exit: ChildExit | undefined;
  #bootTimer: TimerHandle | undefined;
  #restartTimer: TimerHandle | undefined;
  #probe: AbortController | undefined;
  /** Where the current process's PORT answers (127.0.0.1, ::1…); undefined until it does. */
  #address: string | undefined;
  #stopping: Promise<void> | undefined;
  #forceKill = new AbortController();
  /** Called on every state change; settled() waits through these. */
  readonly #stateWaiters = new Set<() => void>();

  constructor(
    readonly spec: DynoSpec,
    private readonly deps: DynoDeps,
  ) {
    this.#stateSince = deps.clock.now();
    this.key = `${spec.name}#${nextDynoId++}`;
    this.marker = dynoMarker(deps.runId, this.key);
  }

  get name(): string {
    return this.spec.name;
  }
  get state(): DynoState {
    return this.#state;
  }
  get stateSince(): number {
    return this.#stateSince;
  }
  get pid(): number | undefined {
    return this.#child?.pid;
  }
  /** Times the dyno manager restarted this dyno after a crash. */
  get restarts(): number {
    return this.#restarts;
  }
  /** The address a web dyno's PORT answers on, once it is up: the router dials this one. */
  get address(): string | undefined {
    return this.#address;
  }

  /** Heroku logs `Restarting` on a manual restart, which also resets the crash cool-off. */
  announceRestart(): void {
    this.#log(platformMessages.restarting());
    this.#consecutiveCrashes = 0;
  }

  /** Starts the dyno's process (state down or crashed → starting). */
  boot(): void {
    this.#restartTimer?.cancel();
    this.#restartTimer = undefined;
    if (!this.#apply({ type: 'boot' })) return;
    this.#log(platformMessages.startingProcess(displayCommand(this.spec.command, this.spec.port)));
    const child = this.deps.spawner({
      command: this.spec.command,
      env: { ...this.spec.env, [DYNO_MARKER_VAR]: this.marker },
      cwd: this.spec.cwd,
      stdio: 'pipe',
    });
    this.#child = child;
    if (child.pid !== undefined) this.deps.groups?.add(child.pid);
    const output = new OutputReader(this.name, this.deps.bus, this.deps.clock);
    output.attach(child.stdout);
    output.attach(child.stderr);
    this.#exitHandled = child.exited.then(async (exit) => {
      await output.drained();
      this.#handleExit(child, exit);
    });
    if (child.pid !== undefined) this.#watchForUp();
  }

  #watchForUp(): void {
    if (this.spec.type !== WEB_TYPE || this.spec.oneOff) {
      // Heroku: non-web dynos are up as soon as the process has started.
      this.#becomeUp();
      return;
    }
    const probe = new AbortController();
    this.#probe = probe;
    this.#address = undefined;
    const pgid = this.#child?.pid;
    void (this.deps.ports ?? systemPorts)
      .watchBoot({
        dyno: this.name,
        port: this.spec.port,
        bootTimeoutMs: this.deps.timings.bootTimeoutMs,
        clock: this.deps.clock,
        signal: probe.signal,
        pids: () =>
          pgid === undefined ? [] : this.deps.processes.dynoProcesses(this.#identity(pgid), 'tree'),
        note: (message) => this.#log(message),
      })
      .then((address) => {
        if (address === undefined) return;
        this.#address = address;
        this.#becomeUp();
      });
    this.#bootTimer = this.deps.clock.setTimeout(
      () => this.#bootTimedOut(),
      this.deps.timings.bootTimeoutMs,
    );
  }

  #becomeUp(): void {
    this.#cancelBootWatch();
    if (this.#apply({ type: 'ready' })) this.#upSince = this.deps.clock.now();
  }

  #bootTimedOut(): void {
    if (this.#state !== 'starting' || this.#child?.pid === undefined) return;
    // Heroku: R10, then the dyno is killed and counted as crashed.
    this.#log(platformMessages.bootTimeout(this.deps.timings.bootTimeoutMs));
    this.#log(platformMessages.stoppingWithSigkill());
    this.deps.processes.killDyno(this.#identity(this.#child.pid), true);
  }

  #identity(pgid: number): DynoIdentity {
    return { pgid, marker: this.marker };
  }

  /** The group is gone: its id may be reused, so the watchdog must forget it. */
  #groupGone(pgid: number): void {
    this.deps.groups?.remove(pgid);
  }

  #cancelBootWatch(): void {
    this.#bootTimer?.cancel();
    this.#bootTimer = undefined;
    this.#probe?.abort();
    this.#probe = undefined;
  }

  #handleExit(child: ChildHandle, exit: ChildExit): void {
    this.#cancelBootWatch();
    this.#exit = exit;
    if (exit.spawnError !== undefined)
      this.#log(`Failed to start process: ${exit.spawnError.message}`);
    this.#log(platformMessages.processExited(exit.status));
    this.deps.onExit(this, exit);
    if (this.#state === 'stopping') return; // stop() finishes the job once the group is empty
    // The command ended, so the dyno ends: like Heroku tearing down the container, nothing the
    // command left running survives it.
    if (child.pid !== undefined) {
      this.deps.processes.killDyno(this.#identity(child.pid), false);
      this.#groupGone(child.pid);
    }
    const upFor = this.#upSince === undefined ? 0 : this.deps.clock.now() - this.#upSince;
    this.#upSince = undefined;
    this.#apply({ type: 'exit', oneOff: this.spec.oneOff });
    if (this.#state === 'crashed') this.#scheduleRestart(upFor);
  }

  #scheduleRestart(upForMs: number): void {
    const stable = upForMs >= this.deps.restartPolicy.stableAfterMs;
    this.#consecutiveCrashes = stable ? 1 : this.#consecutiveCrashes + 1;
    if (!this.deps.shouldRestart(this)) return;
    const delayMs = nextRestartDelay(this.#consecutiveCrashes, this.deps.restartPolicy);
    const restart = (): void => {
      if (this.#state !== 'crashed' || !this.deps.shouldRestart(this)) return;
      this.#restarts++;
      this.boot();
    };
    if (delayMs === 0) {
      restart();
      return;
    }
    this.#log(platformMessages.coolOff(delayMs));
    this.#restartTimer = this.deps.clock.setTimeout(restart, delayMs);
  }

  /**
   * Stops the dyno the way Heroku does: SIGTERM to every process in it, then, if any is left
   * after the grace period, R12 and SIGKILL. Resolves once no process of the dyno is left.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop().finally(() => {
      this.#stopping = undefined;
    });
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#restartTimer?.cancel();
    this.#restartTimer = undefined;
    if (!this.#apply({ type: 'stop' }) || this.#state !== 'stopping') return;
    this.#cancelBootWatch();
    const pgid = this.#child?.pid;
    if (pgid !== undefined) {
      await this.#terminate(pgid);
      this.#groupGone(pgid);
    }
    await this.#exitHandled; // `Process exited with status …` is logged before stop() resolves
    this.#apply({ type: 'exit', oneOff: this.spec.oneOff });
  }

  async #terminate(pgid: number): Promise<void> {
    this.#log(platformMessages.stoppingAll());
    const processes = this.deps.processes;
    const dyno = this.#identity(pgid);
    // Processes that left the group (setsid) get SIGTERM with it: they are part of the dyno.
    const escaped = processes.signalDyno(dyno, 'SIGTERM');
    const deadline = this.deps.clock.now() + this.deps.timings.stopTimeoutMs;
    const graceful = await processes.waitForGroupExit(
      pgid,
      this.deps.clock,
      this.deps.timings.stopTimeoutMs,
      this.#forceKill.signal,
      escaped,
    );
    if (!graceful) {
      if (!this.#forceKill.signal.aborted && this.deps.clock.now() >= deadline) {
        this.#log(platformMessages.exitTimeout(this.deps.timings.stopTimeoutMs));
      }
      this.#log(platformMessages.stoppingWithSigkill());
      processes.killDyno(dyno, processes.groupIsAlive(pgid));
      await processes.waitForGroupExit(pgid, this.deps.clock, 5_000, undefined, escaped);
    }
  }

  /** Skips the grace period: SIGKILL now (a second Ctrl-C). stop() still resolves when all are gone. */
  kill(): void {
    this.#forceKill.abort();
    const pid = this.#child?.pid;
    if (pid !== undefined && this.#state !== 'stopping') {
      this.deps.processes.killDyno(this.#identity(pid), this.deps.processes.groupIsAlive(pid));
    }
  }

  /**
   * Resolves once a booting dyno is up, has crashed or stopped, or `timeoutMs` passed: preboot
   * decides then whether the new dyno takes over (see rollout.ts).
   */
  settled(timeoutMs: number): Promise<DynoState> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.#state === 'starting') return;
        finish();
      };
      const finish = (): void => {
        this.#stateWaiters.delete(check);
        timer.cancel();
        resolve(this.#state);
      };
      const timer = this.deps.clock.setTimeout(finish, timeoutMs);
      this.#stateWaiters.add(check);
      check();
    });
  }

  /** Resolves once the current process has exited and its exit is handled (one-off and release dynos). */
  async waitForExit(): Promise<ChildExit | undefined> {
    await this.#exitHandled;
    return this.#exit;
  }

  #apply(event: DynoEvent): boolean {
    const from = this.#state;
    const to = nextDynoState(from, event);
    if (to === undefined) return false;
    this.#state = to;
    this.#stateSince = this.deps.clock.now();
    const logged = loggedTransition(from, to);
    if (logged !== undefined) this.#log(platformMessages.stateChanged(logged.from, logged.to));
    this.deps.onStateChange(this, from, to);
    for (const waiter of [...this.#stateWaiters]) waiter();
    return true;
  }

  #log(message: string): void {
    this.deps.bus.publish(platformBatch(this.name, message, this.deps.clock.now()));
  }
}
