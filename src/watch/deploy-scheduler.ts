// When the watcher deploys: a burst of file changes (an editor's save, a `git checkout`) becomes one
// deploy, and deploys never overlap. On Heroku each `git push` is one build and one release, and
// pushes made during a build queue behind it; hdev treats a burst of saves like one push.
import type { Clock, TimerHandle } from '../time/clock.js';

/**
 * An edit's burst: an editor's save (write, rename, chmod), a formatter or `git checkout` is over
 * within milliseconds, so a short quiet time says it has ended. A path that keeps changing (more
 * than `maxChanges` times within `windowMs`) is not an edit but a file being rewritten: a burst
 * holding one waits the full debounce, so that the noisy-file policy sees it before it deploys.
 */
export interface BurstRule {
  /** Quiet time after the last change that ends a burst of edits. */
  readonly quietMs: number;
  readonly maxChanges: number;
  readonly windowMs: number;
  /**
   * A path that looks half-saved when the quiet ends (see `halfSaved`) holds the burst until it
   * has not changed for this long: a save preempted between its truncate and its write, or
   * between renaming the old file away and writing the new one, is not over yet.
   */
  readonly halfSavedMs: number;
}

/** Paths looked at for a half-saved file when a quiet ends: a `git checkout` makes thousands. */
const HALF_SAVED_CHECKS = 64;

export interface DeploySchedulerOptions {
  /** Quiet time after the last change before deploying (once a burst is not an edit's). */
  readonly debounceMs: number;
  /** Ends an edit's burst after `quietMs` instead of the debounce; none when undefined. */
  readonly burst?: BurstRule;
  /**
   * The longest a change waits for quiet (lodash's debounce `maxWait`): a file rewritten more often
   * than the debounce would otherwise hold every deploy back forever. None when undefined.
   */
  readonly maxWaitMs?: number;
  /**
   * Whether `path` looks half-saved now (its file empty or missing): asked when a burst's quiet
   * ends, for at most HALF_SAVED_CHECKS paths that changed within `burst.halfSavedMs`.
   */
  readonly halfSaved?: (path: string) => boolean;
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
  /** The changes waiting include a path that keeps changing: wait the full debounce. */
  #busyBurst = false;
  /** Recent change times per path, within the burst rule's window. */
  readonly #recent = new Map<string, number[]>();
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
    if (!this.#busyBurst && this.#keepsChanging(path, now)) this.#busyBurst = true;
    this.#due = false;
    this.#armQuiet(now);
  }

  /**
   * Something in the tree was written that no change reported (chokidar reports a path's changes
   * at most once per 50 ms and drops the rest): a burst waiting for quiet is not over yet.
   */
  stirred(): void {
    if (this.#disposed || this.#timer === undefined) return;
    this.#armQuiet(this.#clock.now());
  }

  /** (Re)starts the wait for the burst's quiet from `now`. */
  #armQuiet(now: number): void {
    this.#timer?.cancel();
    this.#timer = this.#clock.setTimeout(() => this.#quietElapsed(), this.#waitFrom(now));
  }

  /** Records the change; true when `path` changed more often than an edit does. */
  #keepsChanging(path: string, now: number): boolean {
    const rule = this.#options.burst;
    if (rule === undefined) return true;
    const times = (this.#recent.get(path) ?? []).filter((at) => now - at < rule.windowMs);
    times.push(now);
    this.#recent.set(path, times);
    if (this.#recent.size > 1000) this.#forgetOld(now, rule.windowMs);
    return times.length > rule.maxChanges;
  }

  /** Bounds the memory of change times to the paths changing within the window. */
  #forgetOld(now: number, windowMs: number): void {
    for (const [path, times] of this.#recent) {
      if (times.every((at) => now - at >= windowMs)) this.#recent.delete(path);
    }
  }

  #waitFrom(now: number): number {
    const { burst } = this.#options;
    const debounceMs =
      burst !== undefined && !this.#busyBurst ? burst.quietMs : this.#options.debounceMs;
    return Math.min(debounceMs, this.#maxWaitLeft(now));
  }

  /**
   * How much longer a burst waits for a path that looks half-saved: until it has been quiet for
   * `halfSavedMs`, never past `maxWaitMs`; 0 when nothing looks half-saved.
   */
  #halfSavedHold(): number {
    const rule = this.#options.burst;
    const halfSaved = this.#options.halfSaved;
    if (rule === undefined || halfSaved === undefined || this.#busyBurst) return 0;
    const now = this.#clock.now();
    let checked = 0;
    for (const path of this.#pending) {
      if (checked++ >= HALF_SAVED_CHECKS) break;
      const lastChange = this.#recent.get(path)?.at(-1) ?? Number.NEGATIVE_INFINITY;
      const remaining = lastChange + rule.halfSavedMs - now;
      // The rest of the save's events re-arm the quiet as they come: no polling meanwhile.
      if (remaining > 0 && halfSaved(path)) return Math.min(remaining, this.#maxWaitLeft(now));
    }
    return 0;
  }

  #maxWaitLeft(now: number): number {
    const { maxWaitMs } = this.#options;
    if (maxWaitMs === undefined || this.#firstPendingAt === undefined) return Infinity;
    return Math.max(0, this.#firstPendingAt + maxWaitMs - now);
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
    this.#busyBurst = false;
    this.#recent.clear();
    this.#settle();
  }

  #busy(): boolean {
    return this.#running || this.#timer !== undefined || this.#due;
  }

  /**
   * The quiet elapsed on the clock, but not necessarily for the watcher: while the event loop was
   * busy (a dyno spawning, a garbage collection), changes the kernel reported waited unread, and
   * Node runs due timers before it reads I/O. One more turn lets them re-arm the quiet first.
   */
  #quietElapsed(): void {
    this.#timer = this.#clock.setTimeout(() => this.#debounced(), 0);
  }

  #debounced(): void {
    this.#timer = undefined;
    const hold = this.#halfSavedHold();
    if (hold > 0) {
      this.#timer = this.#clock.setTimeout(() => this.#quietElapsed(), hold);
      return;
    }
    if (this.#running) this.#due = true;
    else this.#start();
  }

  #start(): void {
    const changes = this.#pending;
    const firstChangeAt = this.#firstPendingAt ?? this.#clock.now();
    this.#pending = new Set();
    this.#firstPendingAt = undefined;
    this.#busyBurst = false;
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
