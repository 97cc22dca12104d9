// hdev's per-app state outside the app folder (XDG base dirs): what hdev remembers about an app
// that belongs to no file of the app, such as a postdeploy that ran, or a generated secret that
// must not land in a committed file.
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $XDG_STATE_HOME/hdev/apps/<hash of the app root>/, else ~/.local/state/hdev/apps/<hash>/. */
export function appStateDir(
  appRoot: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const base =
    env.XDG_STATE_HOME !== undefined && env.XDG_STATE_HOME !== ''
      ? env.XDG_STATE_HOME
      : join(env.HOME ?? homedir(), '.local', 'state');
  const id = createHash('sha256').update(appRoot).digest('hex').slice(0, 16);
  return join(base, 'hdev', 'apps', id);
}
