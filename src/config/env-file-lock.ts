// A lock file that serialises edits of one env file across processes: two `hdev config:set` at
// once must not both read the old text and each write back only their own key. The lock is a file
// next to the env file holding its owner's pid and a random token; it is created whole (written
// aside, then hard-linked into place, which fails when a lock exists), and a lock whose owner pid
// is gone is stale and taken over.
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { HdevError } from '../errors.js';

/** Edits take milliseconds; a lock held this long belongs to a process that hangs. */
const LOCK_WAIT_MS = 10_000;
const MAX_POLL_MS = 50;

/**
 * Names for the lock and its temporary files. They end in `~`, like editors' backups, so the
 * watcher of a running `hdev start` ignores them (src/watch/ignore-rules.ts) and no lock or
 * temporary file ever counts as a code change to deploy.
 */
function lockPathFor(target: string): string {
  return `${target}.hdev-lock~`;
}

export function tempPathFor(target: string): string {
  return `${target}.${process.pid}-${randomUUID().slice(0, 8)}.tmp~`;
}

interface LockOwner {
  readonly pid: number;
  /** The whole content, compared to tell one lock from the next. */
  readonly raw: string;
}

export interface HeldLock {
  release(): void;
}

/** Blocks the thread: config commands are short synchronous edits with nothing else to do. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const raw = readFileSync(path, 'utf8');
    return { pid: Number.parseInt(raw, 10), raw };
  } catch {
    return undefined; // released in the meantime
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Creates the lock with `content`, whole, or returns false when one exists. */
function tryCreate(lockPath: string, content: string): boolean {
  const aside = tempPathFor(lockPath);
  writeFileSync(aside, content, { flag: 'wx' });
  try {
    linkSync(aside, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkQuietly(aside);
  }
}

/**
 * Removes a stale lock, and only that one: it is renamed aside first (atomic, so of two processes
 * recovering at once only one gets it), then checked. Should the rename have caught a lock a
 * third process took just after the stale one went, it is linked back into place.
 */
function removeStale(lockPath: string, stale: LockOwner): void {
  const aside = tempPathFor(lockPath);
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // someone else removed it
  }
  if (readOwner(aside)?.raw !== stale.raw) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // A fourth process locked in the instant between: two owners. That takes a crashed owner
      // and three processes recovering at once, and costs at most one lost edit; not guarded.
    }
  }
  unlinkQuietly(aside);
}

/** Waits for the lock of `target` (at most LOCK_WAIT_MS) and returns it held. */
export function acquireLock(target: string, shown: string): HeldLock {
  const lockPath = lockPathFor(target);
  const content = `${process.pid}\n${randomUUID()}\n`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  let wait = 1;
  for (;;) {
    if (tryCreate(lockPath, content)) break;
    const owner = readOwner(lockPath);
    if (owner === undefined) continue; // released between the two calls
    if (!isAlive(owner.pid)) {
      removeStale(lockPath, owner);
      continue;
    }
    if (Date.now() > deadline) {
      throw new HdevError(
        `${shown} is locked by another hdev process (pid ${owner.pid}) for more than ${LOCK_WAIT_MS / 1000} s`,
        { hint: `Wait for it to finish, or stop it; if no such process runs, remove ${lockPath}.` },
      );
    }
    sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, MAX_POLL_MS);
  }
  return {
    release: () => {
      if (readOwner(lockPath)?.raw === content) unlinkQuietly(lockPath);
    },
  };
}
