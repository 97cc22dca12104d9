// FrameScheduler: turns any number of "something changed" signals into at most one run per frame.
// Dynos can publish thousands of log batches a second; re-rendering for each would spend the
// CPU on React and the terminal instead of the app. Signals in between only mark the frame dirty.

/** The timer functions the scheduler uses; tests pass fakes. */
export interface FrameTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: FrameTimers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** About 30 frames a second: smooth for a log tail, cheap for the machine. */
export const FRAME_MS = 33;

export class FrameScheduler {
  #pending: unknown;
  #scheduled = false;
  #lastRun = Number.NEGATIVE_INFINITY;
  #disposed = false;

  constructor(
    private readonly run: () => void,
    private readonly intervalMs: number = FRAME_MS,
    private readonly timers: FrameTimers = systemTimers,
  ) {}

  /**
   * Asks for a run: at once (on the next timer turn) after a quiet spell, else when the current
   * frame is over. Asking again before then changes nothing.
   */
  request(): void {
    if (this.#scheduled || this.#disposed) return;
    this.#scheduled = true;
    const wait = Math.max(0, this.#lastRun + this.intervalMs - this.timers.now());
    this.#pending = this.timers.setTimeout(() => {
      this.#scheduled = false;
      this.#pending = undefined;
      this.#lastRun = this.timers.now();
      this.run();
    }, wait);
  }

  /** No more runs, even one already scheduled (the App unmounted). */
  dispose(): void {
    this.#disposed = true;
    if (this.#scheduled) this.timers.clearTimeout(this.#pending);
    this.#scheduled = false;
  }
}
