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

export const MAX_PORT = 65_535;

/** A problem with a base port given by the user, or undefined when it is usable. */
export function basePortProblem(port: number): string | undefined {
  if (!Number.isInteger(port)) return `${String(port)} is not a whole number`;
  if (port < 1024) return `${port} is a privileged port (below 1024)`;
  if (port > MAX_PORT) return `${port} is above the highest port, ${MAX_PORT}`;
  return undefined;
}
