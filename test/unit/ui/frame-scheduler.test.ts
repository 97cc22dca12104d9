import { describe, expect, it } from 'vitest';
import { FrameScheduler, type FrameTimers } from '../../../src/ui/frame-scheduler.js';

/** Timers that run only when the test moves time on. */
class ManualTimers implements FrameTimers {
  time = 0;
  #timers: { at: number; callback: () => void; id: number }[] = [];
  #nextId = 0;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.push({ at: this.time + ms, callback, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
  }

  get pending(): number {
    return this.#timers.length;
  }

  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = this.#timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = target;
  }
}

function setup(): { timers: ManualTimers; runs: number[]; scheduler: FrameScheduler } {
  const timers = new ManualTimers();
  const runs: number[] = [];
  const scheduler = new FrameScheduler(() => runs.push(timers.time), 33, timers);
  return { timers, runs, scheduler };
}

describe('FrameScheduler', () => {
  it('runs once for many requests in one frame', () => {
    const { timers, runs, scheduler } = setup();
    for (let i = 0; i < 10_000; i++) scheduler.request();
    expect(timers.pending).toBe(1);
    timers.advance(0);
    expect(runs).toEqual([0]);
  });

  it('runs at once after a quiet spell', () => {
    const { timers, runs, scheduler } = setup();
    timers.advance(1000);
    scheduler.request();
    timers.advance(0);
    expect(runs).toEqual([1000]);
  });

  it.each<[string, number, number]>([
    ['a steady stream', 1, 31],
    ['a request every 10 ms', 10, 31],
    ['a request every 50 ms', 50, 20],
  ])('runs at most ~30 times a second under %s', (_name, every, most) => {
    const { timers, runs, scheduler } = setup();
    for (let t = 0; t < 1000; t += every) {
      scheduler.request();
      timers.advance(every);
    }
    expect(runs.length).toBeLessThanOrEqual(most);
    for (let i = 1; i < runs.length; i++) {
      expect((runs[i] ?? 0) - (runs[i - 1] ?? 0)).toBeGreaterThanOrEqual(33);
    }
  });

  it('runs after the last request of a burst, so nothing is left unshown', () => {
    const { timers, runs, scheduler } = setup();
    scheduler.request();
    timers.advance(0);
    timers.advance(5);
    scheduler.request();
    timers.advance(100);
    expect(runs).toEqual([0, 33]);
  });

  it('never runs once disposed', () => {
    const { timers, runs, scheduler } = setup();
    scheduler.request();
    scheduler.dispose();
    scheduler.request();
    timers.advance(1000);
    expect(runs).toEqual([]);
    expect(timers.pending).toBe(0);
  });
});
