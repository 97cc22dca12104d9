// Watches the app root and turns file changes into deploys: chokidar reports changes, the
// ignore rules drop noise, the scheduler makes one deploy of a burst, and the loop detector
// stops a dyno that rewrites the watched tree from redeploying forever.
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Clock } from '../supervisor/clock.js';
import { DeployScheduler } from './deploy-scheduler.js';
import { createIgnoreMatcher } from './ignore-rules.js';
import { LoopDetector } from './loop-detector.js';

/** A burst of saves (an editor's write-rename, a formatter, `git checkout`) becomes one deploy. */
export const DEPLOY_DEBOUNCE_MS = 200;
/** Events this soon after the last one seen during a build are still the build's own output. */
const BUILD_SETTLE_MS = 300;

export interface WatchOptions {
  readonly root: string;
  /** `--ignore` patterns (gitignore syntax), on top of .gitignore. */
  readonly ignore: readonly string[];
  /** Always watched even when .gitignore lists them (`.env` usually is): the Procfile, env files. */
  readonly appFiles: () => readonly string[];
  /** True while the deploy's build runs: what it writes is not a change to deploy. */
  readonly building: () => boolean;
  readonly deploy: (changedPaths: ReadonlySet<string>) => Promise<void>;
  /** Told about a restart loop and the paths now ignored. */
  readonly onLoop: (paths: readonly string[]) => void;
  readonly onError: (error: unknown) => void;
}

export interface AppWatcher {
  /** Resolves once chokidar has scanned the tree (changes from then on are seen). */
  ready(): Promise<void>;
  /** Resolves once no deploy is pending or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function readGitignore(root: string): string | undefined {
  try {
    return readFileSync(join(root, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
}

export function watchApp(options: WatchOptions, clock: Clock): AppWatcher {
  const matcher = createIgnoreMatcher({
    gitignore: readGitignore(options.root),
    extraPatterns: options.ignore,
  });
  const looping = new Set<string>();
  const loops = new LoopDetector();
  let lastBuildEventAt = Number.NEGATIVE_INFINITY;

  const relativePath = (path: string): string => relative(options.root, path).split(sep).join('/');
  const ignored = (path: string, isDirectory?: boolean): boolean => {
    if (options.appFiles().includes(path)) return false;
    const rel = relativePath(path);
    return rel !== '' && (looping.has(rel) || matcher(rel, isDirectory));
  };

  const scheduler = new DeployScheduler(clock, {
    debounceMs: DEPLOY_DEBOUNCE_MS,
    onError: options.onError,
    run: async (changes) => {
      const verdict = loops.record(clock.now(), new Set([...changes].map(relativePath)));
      if (verdict.loop) {
        for (const path of verdict.paths) looping.add(path);
        options.onLoop(verdict.paths);
      }
      const wanted = new Set([...changes].filter((path) => !looping.has(relativePath(path))));
      try {
        if (wanted.size > 0) await options.deploy(wanted);
      } finally {
        loops.finished(clock.now());
      }
    },
  });

  const watcher: FSWatcher = watch(options.root, {
    ignoreInitial: true,
    ignored: (path, stats) => ignored(path, stats?.isDirectory()),
  });
  const onChange = (path: string): void => {
    if (options.building()) {
      lastBuildEventAt = clock.now();
      return;
    }
    if (clock.now() - lastBuildEventAt < BUILD_SETTLE_MS) return;
    if (ignored(path)) return;
    scheduler.notify(path);
  };
  for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, onChange);
  watcher.on('error', options.onError);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready: () => ready,
    idle: () => scheduler.idle(),
    close: async () => {
      scheduler.dispose();
      await watcher.close();
    },
  };
}
