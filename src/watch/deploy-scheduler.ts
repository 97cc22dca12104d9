// When the watcher deploys: a burst of file changes (an editor's save, a `git checkout`) becomes one
// deploy, and deploys never overlap. On Heroku each `git push` is one build and one release, and
// pushes made during a build queue behind it; hdev treats a burst of saves like one push.
import type { Clock, TimerHandle } from '../time/clock.js';

export interface DeploySchedulerOptions {
  /** Quiet time after the last change before deploying. */
  readonly debounceMs: number;
  /**
   * The longest a change waits for quiet (lodash's debounce `maxWait`): a file rewritten more often
   * than the debounce would otherwise hold every deploy back forever. None when undefined.
   */
  readonly maxWaitMs?: number;
  /**
   * Deploys the changed paths, the first of which arrived at `firstChangeAt`; the next run waits
   * for the promise.
   */
  readonly run: (changes: ReadonlySet<string>, firstChangeAt: number) => Promise<void>;
  /** A run that threw or rejected; the scheduler carries on either way. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Debounce and queue. Each change restarts the debounce, but never past `maxWaitMs` after the first
 * change waiting; when it elapses the collected paths go to one run. Changes during a run are collected and, once the run is over and the debounce has
 * elapsed since the last of them, make exactly one more run, however many there were.
 */
export class DeployScheduler {
  readonly #clock: Clock;
  readonly #options: DeploySchedulerOptions;
  #pending = new Set<string>();
  /** When the oldest change waiting arrived; undefined while none waits. */
  #firstPendingAt: number | undefined;
  #timer: TimerHandle | undefined;
  #running = false;
  /** The debounce elapsed while a run was in progress: run again as soon as it ends. */
  #due = false;
  #disposed = false;
  #idleWaiters: (() => void)[] = [];

  constructor(clock: Clock, options: DeploySchedulerOptions) {
    this.#clock = clock;
    this.#options = options;
  }

  /** A path (relative to the app root) changed. */
  notify(path: string): void {
    if (this.#disposed) return;
    const now = this.#clock.now();
    this.#firstPendingAt ??= now;
    this.#pending.add(path);
    this.#due = false;
    this.#timer?.cancel();
    this.#timer = this.#clock.setTimeout(() => this.#debounced(), this.#waitFrom(now));
  }

  #waitFrom(now: number): number {
    const { debounceMs, maxWaitMs } = this.#options;
    if (maxWaitMs === undefined || this.#firstPendingAt === undefined) return debounceMs;
    return Math.max(0, Math.min(debounceMs, this.#firstPendingAt + maxWaitMs - now));
  }

  /** Resolves once no change is waiting and no run is in progress. */
  idle(): Promise<void> {
    if (!this.#busy()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Drops waiting changes and stops timers; a run in progress finishes, and nothing follows it. */
  dispose(): void {
    this.#disposed = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#due = false;
    this.#pending = new Set();
    this.#firstPendingAt = undefined;
    this.#settle();
  }

  #busy(): boolean {
    return this.#running || this.#timer !== undefined || this.#due;
  }

  #debounced(): void {
    this.#timer = undefined;
    if (this.#running) this.#due = true;
    else this.#start();
  }

  #start(): void {
    const changes = this.#pending;
    const firstChangeAt = this.#firstPendingAt ?? this.#clock.now();
    this.#pending = new Set();
    this.#firstPendingAt = undefined;
    this.#due = false;
    this.#running = true;
    void this.#execute(changes, firstChangeAt);
  }

  async #execute(changes: ReadonlySet<string>, firstChangeAt: number): Promise<void> {
    try {
      await this.#options.run(changes, firstChangeAt);
    } catch (error) {
      try {
        this.#options.onError?.(error);
      } catch {
        // A failing error handler must not stop the deploys either; there is nowhere left to report.
      }
    } finally {
      this.#running = false;
      if (this.#due && !this.#disposed) this.#start();
      else this.#settle();
    }
  }

  #settle(): void {
    if (this.#busy()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
