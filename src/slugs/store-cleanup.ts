// Leftovers in the store: trees to remove (even read-only ones), and whether the process that
// left a staging folder or a temporary file is still alive.
import { readdirSync } from 'node:fs';
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes a tree, even one where a dyno made folders read-only. */
export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch {
    const pending = [path];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
      await chmod(dir, 0o700).catch(() => undefined);
      for (const child of readdirSync(dir, { withFileTypes: true }))
        if (child.isDirectory()) pending.push(join(dir, child.name));
    }
    await rm(path, { recursive: true, force: true });
  }
}

/** The pid in `<id>.json.<pid>.tmp` and `.clock-<pid>`: files a killed process can leave. */
export function leftoverOwner(name: string): number | undefined {
  const match = /^(?:.+\.json\.(\d+)\.tmp|\.clock-(\d+))$/.exec(name);
  const pid = match?.[1] ?? match?.[2];
  return pid === undefined ? undefined : Number(pid);
}
