// PORT for each dyno: heroku local's scheme (base + 100 per process type + 1 per instance).

/** Heroku local's default base since 2024 (5000 is taken by macOS AirPlay). */
export const DEFAULT_BASE_PORT = 5006;

/**
 * The port a dyno asks for first: `base + 100 × typeIndex + (instance − 1)`, where typeIndex is
 * the type's position in the Procfile (release excluded), so web.1 = 5006, web.2 = 5007,
 * worker.1 = 5106 with the default base. A port in use is skipped by the caller.
 */
export function preferredPort(base: number, typeIndex: number, instance: number): number {
  return base + 100 * typeIndex + (instance - 1);
}

const MAX_PORT = 65_535;

/** A problem with a base port given by the user, or undefined when it is usable. */
export function basePortProblem(port: number): string | undefined {
  if (!Number.isInteger(port)) return `${String(port)} is not a whole number`;
  if (port < 1024) return `${port} is a privileged port (below 1024)`;
  if (port > MAX_PORT) return `${port} is above the highest port, ${MAX_PORT}`;
  return undefined;
}

/** A dyno and the port it asks for first. */
export interface DynoPort {
  readonly dyno: string;
  readonly port: number;
}

/**
 * The dyno asking for the highest port under `formation`, whose dynos number from `dynoBase`
 * (the base port, or the one after it when the router takes the base); `types` are the Procfile's
 * types in order, release excluded. Undefined when the formation runs nothing.
 */
function highestDynoPort(
  dynoBase: number,
  types: readonly string[],
  formation: ReadonlyMap<string, number>,
): DynoPort | undefined {
  let highest: DynoPort | undefined;
  for (const [type, quantity] of formation) {
    const typeIndex = types.indexOf(type);
    if (typeIndex === -1 || quantity < 1) continue;
    const port = preferredPort(dynoBase, typeIndex, quantity);
    if (highest === undefined || port > highest.port)
      highest = { dyno: `${type}.${quantity}`, port };
  }
  return highest;
}

/**
 * Why `base` leaves no room for the formation's ports (the router on the base, the dynos from the
 * port after it, each type 100 higher), and the highest base that would; undefined when it fits.
 */
export function portRoomProblem(
  base: number,
  withRouter: boolean,
  types: readonly string[],
  formation: ReadonlyMap<string, number>,
): { readonly message: string; readonly highestBase: number } | undefined {
  const dynoBase = withRouter ? base + 1 : base;
  const highest = highestDynoPort(dynoBase, types, formation);
  if (highest === undefined || highest.port <= MAX_PORT) return undefined;
  return {
    message: `base port ${base} leaves no room for the dynos: ${highest.dyno} would get port ${highest.port}, above the highest port, ${MAX_PORT}`,
    highestBase: base - (highest.port - MAX_PORT),
  };
}
