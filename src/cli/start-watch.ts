// Watching for `hdev start`: file changes become deploys through the deployer.
import { platformBatch } from '../logs/log-bus.js';
import type { LogBus } from '../logs/log-bus.js';
import type { Deployer } from '../releases/deployer.js';
import { systemClock } from '../time/clock.js';
import type { DynoView, OneOffView } from '../supervisor/supervisor.js';
import type { DynoGroup } from '../watch/dyno-writers.js';
import { describeNotice } from '../watch/notices.js';
import type { AppWatcher } from '../watch/watcher.js';
import { watchApp } from '../watch/watcher.js';

/** What the watcher needs of the supervisor: the dynos (and one-offs) running now. */
export interface RunningDynos {
  view(): readonly DynoView[];
  oneOffs(): readonly OneOffView[];
  readonly formationBootedAt: number | undefined;
}

/** Each dyno leads its own process group (see spawner.ts): its pid is the group's id. */
function dynoGroups(dynos: RunningDynos): DynoGroup[] {
  const groups: DynoGroup[] = [];
  for (const dyno of [...dynos.view(), ...dynos.oneOffs()])
    if (dyno.pid !== undefined) groups.push({ dyno: dyno.name, pgid: dyno.pid });
  return groups;
}

export function startWatching(
  deployer: Deployer,
  bus: LogBus,
  options: {
    readonly root: string;
    readonly ignore: readonly string[];
    readonly dynos: RunningDynos;
  },
): AppWatcher {
  const say = (message: string): void =>
    bus.publish(platformBatch('watch', message, systemClock.now()));
  return watchApp(
    {
      root: options.root,
      ignore: options.ignore,
      since: options.dynos.formationBootedAt,
      appFiles: () => deployer.appFiles,
      building: () => deployer.building,
      dynos: () => dynoGroups(options.dynos),
      deploy: async (paths) => {
        await deployer.deploy(paths);
      },
      onLoop: (paths) =>
        say(
          `Restart loop: ${paths.join(', ')} changed on every deploy (the app writes them?); ignoring them from now on. Add them to .gitignore or --ignore.`,
        ),
      onNotice: (notice) => say(describeNotice(notice)),
      onError: (error) =>
        say(`Watching failed: ${error instanceof Error ? error.message : String(error)}`),
    },
    systemClock,
  );
}
