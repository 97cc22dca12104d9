// Frame timers a test runs by hand: a frame the App asks for is drawn when the test flushes,
// not after a real 33 ms, so UI tests wait on no clock.
import { FRAME_MS, type FrameTimers } from '../../../src/ui/frame-scheduler.js';

export class ManualFrameTimers implements FrameTimers {
  #now = 0;
  #nextHandle = 0;
  readonly #pending = new Map<number, () => void>();

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, _ms: number): unknown {
    const handle = ++this.#nextHandle;
    this.#pending.set(handle, callback);
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  /** Frames asked for and not drawn yet. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Draws every frame asked for, as if a frame's time had passed; returns how many ran. */
  flush(): number {
    const due = [...this.#pending.values()];
    this.#pending.clear();
    this.#now += FRAME_MS;
    for (const callback of due) callback();
    return due.length;
  }
}
