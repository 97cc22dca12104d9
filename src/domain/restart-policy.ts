// When a crashed dyno restarts: Heroku's crash cool-off, compressed for local work.
//
// Heroku restarts a crashed dyno at once the first time, then after cool-offs of up to 20, 40,
// 60, 180 and 320 minutes, then every 320 minutes (Dev Center "Dynos: automatic restarts";
// changelog item 344). Locally minutes are too slow to iterate, so hdev keeps Heroku's
// progression at 1/600 of the scale: 2, 4, 6, 18 and 32 seconds, then every 32 seconds.
// The count resets when a dyno has stayed up for a while, on `hdev restart`, and on a new
// release, as Heroku resets it when the dyno starts correctly.

export interface RestartPolicy {
  /** Cool-offs after the immediate first restart, in ms; the last repeats. */
  readonly coolOffsMs: readonly number[];
  /** A dyno up this long without crashing has its crash count reset. */
  readonly stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  coolOffsMs: [2_000, 4_000, 6_000, 18_000, 32_000],
  stableAfterMs: 10_000,
};

/**
 * Delay before restarting a dyno that has now crashed `consecutiveCrashes` times in a row
 * (1 for the first crash): 0 for the first, then the cool-offs, capped at the last one.
 */
export function nextRestartDelay(consecutiveCrashes: number, policy: RestartPolicy): number {
  if (consecutiveCrashes <= 1) return 0;
  const index = Math.min(consecutiveCrashes - 2, policy.coolOffsMs.length - 1);
  return policy.coolOffsMs[index] ?? 0;
}
