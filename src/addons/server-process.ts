// One add-on server (postgres, redis-server) as a managed process: spawned in its own process
// group and registered with the watchdog like a dyno (so it dies with hdev, even after kill -9),
// its output on the log bus under its own source, ready once it prints its ready line, stopped
// with the server's own graceful signal, and restarted with a log line when it crashes.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { DynoState } from '../domain/dyno-state.js';
import { HdevError } from '../errors.js';
import { serverFaultHint } from './server-faults.js';
import type { LogBus } from '../logs/log-bus.js';
import { platformBatch } from '../logs/log-bus.js';
import type { GroupRegistry } from '../supervisor/watchdog.js';
import type { Clock } from '../time/clock.js';
import { settlesWithin } from '../time/clock.js';

export interface ServerCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Run as this user (Postgres refuses root: it runs as nobody then). */
  readonly user?: { readonly uid: number; readonly gid: number };
  /** The line the server prints once it accepts connections. */
  readonly readyLine: RegExp;
}

export interface ServerDeps {
  readonly bus: LogBus;
  readonly clock: Clock;
  readonly groups: GroupRegistry;
}

export interface ServerIdentity {
  /** The log source: `postgres`, `heroku-redis`. */
  readonly source: string;
  /** `[DATABASE]`: Heroku Postgres prefixes its log lines with the attachment name. */
  readonly label: string;
  /** `PostgreSQL`, `Redis`: for messages. */
  readonly product: string;
  /** Postgres: SIGINT is its fast shutdown; Redis: SIGTERM saves and exits. */
  readonly stopSignal: NodeJS.Signals;
}

/** How long a server has to print its ready line. */
const READY_TIMEOUT_MS = 30_000;
/** Lines kept to explain a server that would not start. */
const KEPT_LINES = 12;
/** Crash restarts: 1 s, 2 s, 4 s… up to this many in a row before giving up. */
const MAX_RESTARTS = 5;
/**
 * How long a server that exited before it was ready has to finish its output. Node reports the
 * exit as soon as the kernel does, possibly before it has read the server's last lines: the
 * ones that say why (`could not write lock file "postmaster.pid": No space left on device`).
 * The output ends at once unless something the server started holds it open.
 */
const OUTPUT_DRAIN_MS = 2000;

export class AddonServerProcess {
  #child: ChildProcess | undefined;
  #state: DynoState = 'down';
  #stateSince: number;
  #stopping = false;
  #restarts = 0;
  #recent: string[] = [];
  #exited: Promise<void> = Promise.resolve();
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly identity: ServerIdentity,
    /** Called before each start (a restart too): prepares the data folder, returns the command. */
    private readonly command: () => Promise<ServerCommand>,
    private readonly deps: ServerDeps,
  ) {
    this.#stateSince = deps.clock.now();
  }

  /** Read after an await: stop() may have run meanwhile. */
  #stopRequested(): boolean {
    return this.#stopping;
  }

  get state(): DynoState {
    return this.#state;
  }
  get stateSince(): number {
    return this.#stateSince;
  }
  get pid(): number | undefined {
    return this.#state === 'down' || this.#state === 'crashed' ? undefined : this.#child?.pid;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #setState(state: DynoState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#stateSince = this.deps.clock.now();
    for (const listener of this.#listeners) listener();
  }

  #platform(message: string): void {
    this.deps.bus.publish(platformBatch(this.identity.source, message, this.deps.clock.now()));
  }

  /** Starts the server; resolves once it is ready, rejects (HdevError) when it exits first. */
  async start(): Promise<void> {
    this.#stopping = false;
    this.#setState('starting');
    let spec: ServerCommand;
    try {
      spec = await this.command();
    } catch (error) {
      this.#setState('crashed');
      throw error;
    }
    if (this.#stopRequested()) {
      this.#setState('down');
      return;
    }
    return this.#spawn(spec);
  }

  #spawn(spec: ServerCommand): Promise<void> {
    this.#recent = [];
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true, // its own process group, as a dyno: signalled as a whole
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(spec.user === undefined ? {} : { uid: spec.user.uid, gid: spec.user.gid }),
    });
    this.#child = child;
    const pgid = child.pid;
    if (pgid !== undefined) this.deps.groups.add(pgid);
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const timer = this.deps.clock.setTimeout(() => {
        if (ready) return;
        fail(`${this.identity.product} did not get ready within ${READY_TIMEOUT_MS / 1000} s`);
        this.#signal('SIGKILL');
      }, READY_TIMEOUT_MS);
      const fail = (why: string): void => {
        timer.cancel();
        const output = this.#recent.length === 0 ? '' : `\n  ${this.#recent.join('\n  ')}`;
        const hint = serverFaultHint(this.#recent);
        reject(
          new HdevError(
            `${this.identity.product} ${this.identity.label}: ${why}${output}`,
            hint === undefined ? {} : { hint },
          ),
        );
      };
      const onLine = (line: string): void => {
        this.#publish(line);
        if (!ready && spec.readyLine.test(line)) {
          ready = true;
          timer.cancel();
          this.#restarts = 0;
          this.#setState('up');
          resolve();
        }
      };
      const outputEnded = pipeLines(child, onLine);
      this.#exited = new Promise<void>((done) => {
        child.once('error', (error: NodeJS.ErrnoException) => {
          if (pgid !== undefined) this.deps.groups.remove(pgid);
          this.#setState('crashed');
          fail(`cannot run ${spec.command} (${error.code ?? error.message})`);
          done();
        });
        child.once('exit', (code, signal) => {
          const status = code ?? signal ?? 1;
          if (!ready) {
            void settlesWithin(this.deps.clock, outputEnded, OUTPUT_DRAIN_MS).then(() => {
              // Whatever the server started goes with it: nothing of a failed start runs on.
              this.#signal('SIGKILL');
              if (pgid !== undefined) this.deps.groups.remove(pgid);
              this.#setState('crashed');
              fail(`exited with status ${status} before it was ready`);
              done();
            });
            return;
          }
          if (pgid !== undefined) this.deps.groups.remove(pgid);
          if (this.#stopping) {
            this.#setState('down');
          } else {
            this.#crashed(status);
          }
          done();
        });
      });
    });
  }

  /**
   * Heroku repairs a failed database server; hdev restarts it, saying so, with a backoff. These
   * lines are hdev's own: Heroku documents no log line for a Heroku Postgres or Redis outage
   * (the app sees refused connections; Heroku reports incidents on its status page). Meanwhile
   * the engine shows the add-on `crashed`, then `starting`.
   */
  #crashed(status: number | string): void {
    this.#setState('crashed');
    this.#platform(`Process exited with status ${status}`);
    if (this.#restarts >= MAX_RESTARTS) {
      this.#platform(
        `${this.identity.product} crashed ${MAX_RESTARTS} times in a row; not restarting it (restart hdev start to try again)`,
      );
      return;
    }
    const waitMs = 1000 * 2 ** this.#restarts;
    this.#restarts++;
    this.#platform(`${this.identity.product} server crashed; restarting it in ${waitMs / 1000} s`);
    this.deps.clock.setTimeout(() => {
      if (this.#stopping) return;
      this.start().then(
        () => this.#platform(`${this.identity.product} server restarted`),
        (error: unknown) => {
          this.#platform((error as Error).message.split('\n')[0] ?? '');
          if (error instanceof HdevError && error.hint !== undefined) this.#platform(error.hint);
        },
      );
    }, waitMs);
  }

  #publish(line: string): void {
    this.#recent.push(line);
    if (this.#recent.length > KEPT_LINES) this.#recent.shift();
    const text = `${this.identity.label} ${line.replace(/[\r\n]/g, ' ')}\n`;
    this.deps.bus.publish({
      time: this.deps.clock.now(),
      source: 'app',
      dyno: this.identity.source,
      data: Buffer.from(text),
      lineCount: 1,
    });
  }

  #signal(signal: NodeJS.Signals): void {
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  }

  /** Graceful stop: the server's own signal, then SIGKILL after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      this.#setState('down');
      return;
    }
    this.#setState('stopping');
    this.#signal(this.identity.stopSignal);
    const timer = this.deps.clock.setTimeout(() => this.#signal('SIGKILL'), timeoutMs);
    await this.#exited;
    timer.cancel();
    this.#setState('down');
  }

  /** hdev is dying: no time for a graceful stop. */
  killSync(): void {
    this.#stopping = true;
    this.#signal('SIGKILL');
  }
}

/**
 * Calls `onLine` for each complete line the child writes to stdout or stderr; resolves once both
 * have ended (every line read).
 */
function pipeLines(child: ChildProcess, onLine: (line: string) => void): Promise<void> {
  const streams = [child.stdout, child.stderr].filter((stream) => stream !== null);
  return Promise.all(
    streams.map(
      (stream) =>
        new Promise<void>((ended) => {
          let pending = '';
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => {
            const lines = (pending + chunk).split('\n');
            pending = lines.pop() ?? '';
            for (const line of lines) if (line.trim() !== '') onLine(line);
          });
          stream.once('end', () => {
            if (pending.trim() !== '') onLine(pending);
            pending = '';
          });
          // 'close' comes after 'end', and also when the stream fails: never waited on forever.
          stream.once('close', ended);
        }),
    ),
  ).then(() => undefined);
}
