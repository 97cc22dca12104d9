// Hands out PORTs: each dyno gets its preferred port unless something on this machine already
// listens there, in which case the next free port above it (never a port in use, unlike the
// peers, which assign blindly from a fixed base).
import { allocatePort, isPortFree } from './port-probe.js';

/** One port per preferred port, in order, none in `taken` and none busy. */
export async function allocatePorts(
  preferred: readonly number[],
  taken: ReadonlySet<number>,
): Promise<number[]> {
  // Probe every preferred port at once: start-up time matters with 20 dynos.
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
