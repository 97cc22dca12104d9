// Dyno names: `web.1` for formation dynos; `run.4520` and `release.2817` for one-offs (Heroku).

/** The one process type that receives HTTP traffic from Heroku's router and is held to R10. */
export const WEB_TYPE = 'web';

export function formationDynoName(type: string, index: number): string {
  return `${type}.${index}`;
}

/**
 * One-off and release dynos get a random four-digit number on Heroku (`run.9157`); hdev does the
 * same so names read the same, avoiding the ones in use.
 */
export function oneOffDynoName(
  kind: 'run' | 'release',
  taken: ReadonlySet<string>,
  random: () => number = Math.random,
): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const name = `${kind}.${1000 + Math.floor(random() * 9000)}`;
    if (!taken.has(name)) return name;
  }
  return `${kind}.${Date.now() % 100000}`;
}

/** `web.2` → `{ type: 'web', index: 2 }`; undefined for anything that is not `type.N`. */
export function parseDynoName(name: string): { type: string; index: number } | undefined {
  const match = /^([A-Za-z0-9_-]+)\.([1-9][0-9]*)$/.exec(name);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { type: match[1], index: Number(match[2]) };
}
