// Ports for tests: a machine shared with other work may have any port taken, so every test asks
// for a block of free ports at run time instead of hard-coding one.
import { createServer } from 'node:net';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

// Below Linux's ephemeral range (32768–60999): a port there can be the local port of any
// outgoing connection on the machine, and a dyno binding it fails with EADDRINUSE.
const LOWEST = 10_000;
const BELOW = 32_000;
let nextCandidate = LOWEST + Math.floor(Math.random() * (BELOW - LOWEST - 1000));

/**
 * A base port where base … base + span − 1 are free right now (hdev's scheme puts the second
 * process type at base + 100, the third at base + 200). Bounded to 200 attempts.
 */
export async function freeBasePort(span = 301): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = nextCandidate;
    nextCandidate += span + 10;
    if (nextCandidate + span > BELOW) nextCandidate = LOWEST;
    const checks = await Promise.all(
      [0, 1, 2, 100, 101, 200, 201].filter((o) => o < span).map((o) => isFree(base + o)),
    );
    if (checks.every(Boolean)) return base;
  }
  throw new Error('no free block of ports found');
}
