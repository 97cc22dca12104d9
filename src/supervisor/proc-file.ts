// Reading one of /proc's files. The kernel writes them out on each read and says their size is 0,
// so readFileSync allocates and grows fresh buffers for every one, and costs several times what
// the reads themselves do. Scans read a file per process on the machine (hundreds on a desktop),
// while the router waits for the event loop: one buffer, reused, makes a scan a few times faster.
import { closeSync, openSync, readSync } from 'node:fs';

/** Big enough for a /proc/PID/stat or a usual environment in one read. */
const SHARED_BYTES = 16 * 1024;
const shared = Buffer.allocUnsafe(SHARED_BYTES);

/**
 * The whole file as latin1 text (one char per byte: safe for the ASCII fields and the NUL-
 * separated environments read here). Throws as readFileSync does (ENOENT once a process exited,
 * EACCES for another user's).
 */
export function readProcFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let buffer = shared;
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        // A larger file (a long environment, a socket table): a buffer of its own, not kept.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return buffer.toString('latin1', 0, length);
      length += read;
    }
  } finally {
    closeSync(fd);
  }
}
