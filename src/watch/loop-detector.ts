// Restart-loop detection for the watcher: a dyno that writes into the watched tree (a log file, an
// upload, a SQLite database) triggers a deploy, whose new dyno writes again, and so on. Heroku has
// no such loop (a dyno's filesystem is its own and never deploys), so hdev stops it: when the same
// path changed in every one of several deploys that followed each other closely, the watcher
// ignores that path from then on and says so.

/** One deploy run, as the watcher saw it. */
export interface RunRecord {
  /** When the first change it deploys arrived, ms since the epoch. */
  readonly startedAt: number;
  /** Unknown while the run is in progress. */
  readonly finishedAt?: number;
  /** The changed paths the run deployed. */
  readonly paths: ReadonlySet<string>;
}

export interface LoopRule {
  /** How many consecutive runs make a loop. */
  readonly runs: number;
  /** Each run started less than this long after the previous one finished. */
  readonly gapMs: number;
}

export type LoopVerdict =
  { readonly loop: false } | { readonly loop: true; readonly paths: string[] };

/**
 * Five runs, each triggered by a change less than 1 s after the previous run ended. The gap is
 * measured from the end, not the start, because a deploy (release phase, boot) can take longer
 * than any window on start times; and it ends at the triggering change, not at the run's start,
 * because the debounce and a busy machine delay the start but not the change. A dyno that writes
 * at boot changes the tree before the previous deploy has ended; a person saving the same file
 * while working leaves more than a second between a deploy's end and the next save, even at a
 * brisk pace (3 s flagged someone saving every 1.5 s).
 */
export const DEFAULT_LOOP_RULE: LoopRule = { runs: 5, gapMs: 1000 };

const NO_LOOP: LoopVerdict = { loop: false };

/**
 * Pure: a loop when the last `rule.runs` runs each began less than `rule.gapMs` after the previous
 * one finished (or started, while its end is unknown) and some path changed in all of them; those
 * paths, sorted.
 */
export function detectLoop(
  history: readonly RunRecord[],
  rule: LoopRule = DEFAULT_LOOP_RULE,
): LoopVerdict {
  if (rule.runs < 1 || history.length < rule.runs) return NO_LOOP;
  const recent = history.slice(-rule.runs);
  const close = recent.every((run, index) => {
    const previous = recent[index - 1];
    if (previous === undefined) return true;
    return run.startedAt - (previous.finishedAt ?? previous.startedAt) < rule.gapMs;
  });
  if (!close) return NO_LOOP;
  const [first, ...rest] = recent;
  const common = [...(first?.paths ?? [])].filter((path) =>
    rest.every((run) => run.paths.has(path)),
  );
  return common.length === 0 ? NO_LOOP : { loop: true, paths: common.sort() };
}

interface OpenRecord {
  readonly startedAt: number;
  finishedAt?: number;
  readonly paths: ReadonlySet<string>;
}

/** detectLoop over the runs so far; forgets them once it has reported a loop, to report it once. */
export class LoopDetector {
  readonly #rule: LoopRule;
  #history: OpenRecord[] = [];

  constructor(rule: LoopRule = DEFAULT_LOOP_RULE) {
    this.#rule = rule;
  }

  /** A run starts with these changed paths, the first of which arrived at `runAt`. */
  record(runAt: number, paths: ReadonlySet<string>): LoopVerdict {
    this.#history = [...this.#history, { startedAt: runAt, paths: new Set(paths) }].slice(
      -this.#rule.runs,
    );
    const verdict = detectLoop(this.#history, this.#rule);
    if (verdict.loop) this.#history = [];
    return verdict;
  }

  /** The run last recorded ended at `at`. */
  finished(at: number): void {
    const last = this.#history.at(-1);
    if (last !== undefined) last.finishedAt = at;
  }
}
