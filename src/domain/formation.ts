// Formation: how many dynos of each process type should run (Heroku's `ps:scale` quantities).

/** Process type → quantity, in Procfile order. */
export type Formation = ReadonlyMap<string, number>;

/** `web=2 worker=1`, the way `heroku ps:scale` prints a formation. */
export function describeFormation(formation: Formation): string {
  return [...formation].map(([type, quantity]) => `${type}=${quantity}`).join(' ');
}
