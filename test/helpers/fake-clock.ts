// A clock for tests: time moves only when the test advances it, and due timers run in order.
import type { Clock, TimerHandle } from '../../src/time/clock.js';

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #pending: Pending[] = [];

  constructor(start = Date.UTC(2026, 10, 23, 18, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const entry = { at: this.#now + Math.max(0, ms), seq: this.#seq++, callback };
    this.#pending.push(entry);
    return { cancel: () => (this.#pending = this.#pending.filter((pending) => pending !== entry)) };
  }

  get pendingTimers(): number {
    return this.#pending.length;
  }

  /** Moves time forward by `ms`, running every timer that falls due, with microtasks between. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (let guard = 0; guard < 10_000; guard++) {
      await flushMicrotasks();
      const next = [...this.#pending].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (next === undefined || next.at > target) break;
      this.#pending = this.#pending.filter((pending) => pending !== next);
      this.#now = next.at;
      next.callback();
    }
    this.#now = target;
    await flushMicrotasks();
  }
}

export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
