// Files rewritten many times a second are the app's own (a log, a cache, a dev database), never a
// developer's edit: even a formatter on save or `git checkout` touches a file a few times at most.
// The watcher counts each path's changes over a short window and stops following a path that
// changes too often, saying so once.

export interface NoiseRule {
  /** At least this many changes to one path… */
  readonly changes: number;
  /** …within this window… */
  readonly windowMs: number;
  /** …spread over at least this long make it noisy: a burst is one edit, however many events. */
  readonly minSpanMs: number;
}

/**
 * Eight changes in 2 s, spread over at least 1 s: a file rewritten faster than the 200 ms debounce
 * is caught within one maxWait. An editor's save (write, rename, chmod) is three events at most,
 * and a generator or `git checkout` rewriting a file many times does so in a burst that is over
 * in a fraction of a second (each write can be two events: truncate, then data).
 */
export const DEFAULT_NOISE_RULE: NoiseRule = { changes: 8, windowMs: 2000, minSpanMs: 1000 };

export interface NoisyPath {
  readonly path: string;
  /** Changes seen within the window. */
  readonly changes: number;
  /** From the first of them to the verdict. */
  readonly spanMs: number;
}

/** Per-path change times within the window; memory is bounded by the paths changing right now. */
export class NoiseDetector {
  readonly #rule: NoiseRule;
  readonly #seen = new Map<string, number[]>();

  constructor(rule: NoiseRule = DEFAULT_NOISE_RULE) {
    this.#rule = rule;
  }

  /** `path` changed at `at`. */
  record(path: string, at: number): void {
    const times = this.#recent(this.#seen.get(path) ?? [], at);
    times.push(at);
    this.#seen.set(path, times);
  }

  /** The path's verdict at `at`: noisy (and forgotten, so it is reported once) or undefined. */
  check(path: string, at: number): NoisyPath | undefined {
    const times = this.#recent(this.#seen.get(path) ?? [], at);
    if (times.length === 0) this.#seen.delete(path);
    else this.#seen.set(path, times);
    const first = times[0];
    const last = times.at(-1);
    if (first === undefined || last === undefined || times.length < this.#rule.changes) {
      return undefined;
    }
    if (last - first < this.#rule.minSpanMs) return undefined;
    this.#seen.delete(path);
    return { path, changes: times.length, spanMs: at - first };
  }

  /** Drops paths with no change in the window (call now and then to bound memory). */
  prune(at: number): void {
    for (const [path, times] of this.#seen) {
      const recent = this.#recent(times, at);
      if (recent.length === 0) this.#seen.delete(path);
      else this.#seen.set(path, recent);
    }
  }

  #recent(times: number[], at: number): number[] {
    return times.filter((time) => at - time < this.#rule.windowMs);
  }
}
