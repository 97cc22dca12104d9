// Waiting on conditions with deadlines: every wait says what it was waiting for when it fails.

export interface WaitOptions {
  readonly timeoutMs?: number;
  /** Shown when the deadline passes: which step was pending, and any output worth seeing. */
  readonly describe: () => string;
}

/** Checks again and again (5 ms, backing off to 50 ms) until `check` gives a value, or the deadline. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (let interval = 5; ; interval = Math.min(interval * 2, 50)) {
    const result = await check();
    if (result !== undefined && result !== false) return result;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.describe()}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
