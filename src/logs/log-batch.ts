// LogBatch: the unit that flows through the log bus. One read from a dyno's pipe becomes one
// batch of complete lines, so a dyno writing 100,000 lines a second costs one object per read,
// not one per line.

/** Heroku's log sources: `app` for what a dyno prints, `heroku` for the platform's own lines. */
export type LogSource = 'app' | 'heroku';

export interface LogBatch {
  /** Milliseconds since the epoch, with sub-millisecond precision; one clock read per batch. */
  readonly time: number;
  readonly source: LogSource;
  /** `web.1`, `release.2817`, `run.4520`, or a platform component such as `router` or `api`. */
  readonly dyno: string;
  /** One or more complete lines, each ending in `\n` and holding no other `\n` or `\r`. */
  readonly data: Buffer;
  readonly lineCount: number;
}
