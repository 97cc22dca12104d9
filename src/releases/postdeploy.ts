// app.json `scripts.postdeploy`: Heroku runs it once, in a one-off dyno, after the app's first
// release (Dev Center "app.json Schema"). hdev runs it after the first release that succeeds
// under `hdev start` and remembers, per app root, that it ran; it runs again only if it failed
// or the command changed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appStateDir } from '../config/app-state-dir.js';
import type { LogBus } from '../logs/log-bus.js';
import { platformBatch } from '../logs/log-bus.js';
import type { Clock } from '../time/clock.js';

interface PostdeployRecord {
  readonly command: string;
  readonly ranAt: string;
}

function alreadyRan(file: string, command: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as PostdeployRecord).command === command;
  } catch {
    return false;
  }
}

export interface PostdeployDeps {
  readonly runTask: (kind: string, command: string) => Promise<number>;
  readonly bus: LogBus;
  readonly clock: Clock;
}

/** Runs the postdeploy script unless it already ran for this app; resolves with its status. */
export async function runPostdeployOnce(
  appRoot: string,
  command: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  deps: PostdeployDeps,
): Promise<number | undefined> {
  if (command === undefined) return undefined;
  const dir = appStateDir(appRoot, env);
  const file = join(dir, 'postdeploy.json');
  if (alreadyRan(file, command)) return undefined;
  const say = (message: string): void =>
    deps.bus.publish(platformBatch('api', message, deps.clock.now(), 'app'));
  say(`Running app.json postdeploy script: ${command}`);
  const status = await deps.runTask('postdeploy', command);
  if (status !== 0) {
    say(`Postdeploy script failed with status ${status}; it runs again on the next hdev start`);
    return status;
  }
  const record: PostdeployRecord = { command, ranAt: new Date(deps.clock.now()).toISOString() };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(record)}\n`);
  } catch (error) {
    // The app runs on; only the memory of the run is lost.
    say(
      `Postdeploy script succeeded, but hdev cannot remember it ran (${(error as Error).message}): it runs again on the next hdev start unless ${dir} becomes writable`,
    );
    return status;
  }
  say('Postdeploy script succeeded (it runs once per app; hdev remembers it ran)');
  return status;
}
