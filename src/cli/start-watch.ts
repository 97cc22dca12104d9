// Watching for `hdev start`: file changes become deploys through the deployer.
import { platformBatch } from '../logs/log-bus.js';
import type { LogBus } from '../logs/log-bus.js';
import type { Deployer } from '../releases/deployer.js';
import { systemClock } from '../supervisor/clock.js';
import type { AppWatcher } from '../watch/watcher.js';
import { watchApp } from '../watch/watcher.js';

export function startWatching(
  deployer: Deployer,
  bus: LogBus,
  options: { readonly root: string; readonly ignore: readonly string[] },
): AppWatcher {
  const say = (message: string): void =>
    bus.publish(platformBatch('watch', message, systemClock.now()));
  return watchApp(
    {
      root: options.root,
      ignore: options.ignore,
      appFiles: () => deployer.appFiles,
      building: () => deployer.building,
      deploy: async (paths) => {
        await deployer.deploy(paths);
      },
      onLoop: (paths) =>
        say(
          `Restart loop: ${paths.join(', ')} changed on every deploy (the app writes them?); ignoring them from now on. Add them to .gitignore or --ignore.`,
        ),
      onError: (error) =>
        say(`Watching failed: ${error instanceof Error ? error.message : String(error)}`),
    },
    systemClock,
  );
}
