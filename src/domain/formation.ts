// Formation: how many dynos of each process type should run (Heroku's `ps:scale` quantities).

/** Process type → quantity, in Procfile order. */
export type Formation = ReadonlyMap<string, number>;

/** `web=2 worker=1`, the way `heroku ps:scale` prints a formation. */
export function describeFormation(formation: Formation): string {
  return [...formation].map(([type, quantity]) => `${type}=${quantity}`).join(' ');
}

/**
 * A sanity bound per process type, the same for `hdev start`'s formation, app.json and
 * `hdev scale`. Heroku limits an app to 100 dynos by default (Dev Center "Dyno Types", default
 * scaling limits); here every dyno is a real process on one machine, so the same number catches
 * typos like `web=1000` before they fork a thousand processes.
 */
export const MAX_DYNOS_PER_TYPE = 100;

/** What to do about a quantity above MAX_DYNOS_PER_TYPE, or undefined when it is within it. */
export function quantityBoundHint(quantity: number): string | undefined {
  if (quantity <= MAX_DYNOS_PER_TYPE) return undefined;
  return `hdev stops at ${MAX_DYNOS_PER_TYPE} dynos per process type, a sanity bound: each dyno is a process on this machine.`;
}
