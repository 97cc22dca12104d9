// Hands out PORTs: each dyno gets its preferred port unless something on this machine already
// listens there, in which case the next free port above it (never a port in use, unlike the
// peers, which assign blindly from a fixed base).
import { readListeningPorts } from './listening-ports.js';
import { allocatePort, isPortFree } from './port-probe.js';

/** Bound on the search above a busy port, as allocatePort's. */
const SEARCH_SPAN = 1000;

/** One port per preferred port, in order, none in `taken` and none busy. */
export async function allocatePorts(
  preferred: readonly number[],
  taken: ReadonlySet<number>,
  listening: ReadonlySet<number> | null = readListeningPorts() ?? null,
): Promise<number[]> {
  if (listening !== null) return choosePorts(preferred, new Set([...taken, ...listening]));
  // No kernel table to read: probe every preferred port at once.
  const free = await Promise.all(
    preferred.map((port) => (taken.has(port) ? Promise.resolve(false) : isPortFree(port))),
  );
  const used = new Set(taken);
  const ports: number[] = [];
  for (const [position, port] of preferred.entries()) {
    const chosen =
      free[position] === true && !used.has(port) ? port : await allocatePort(port + 1, used);
    used.add(chosen);
    ports.push(chosen);
  }
  return ports;
}

/** Pure: the first port at or above each preferred one that is not unavailable. */
export function choosePorts(
  preferred: readonly number[],
  unavailable: ReadonlySet<number>,
): number[] {
  const used = new Set(unavailable);
  return preferred.map((port) => {
    for (let candidate = port; candidate < port + SEARCH_SPAN && candidate <= 65_535; candidate++) {
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
    throw new Error(`no free port between ${port} and ${port + SEARCH_SPAN - 1}`);
  });
}
