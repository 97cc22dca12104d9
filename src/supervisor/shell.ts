// Which shell runs dyno commands: bash, as Heroku does (`bash -c <command>`), or /bin/sh when
// this machine has no bash.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

let cached: string | undefined;

export function findShell(pathVariable: string | undefined = process.env.PATH): string {
  if (cached !== undefined) return cached;
  const directories = (pathVariable ?? '').split(delimiter).filter((dir) => dir !== '');
  for (const dir of [...directories, '/bin', '/usr/bin']) {
    const candidate = join(dir, 'bash');
    try {
      accessSync(candidate, constants.X_OK);
      cached = candidate;
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  cached = '/bin/sh';
  return cached;
}
