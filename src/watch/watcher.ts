// Watches the app root and turns file changes into deploys: chokidar reports changes, the
// ignore rules drop noise, the scheduler makes one deploy of a burst, and the triage at deploy
// time drops what is not the developer's edit (a dyno's files, a file rewritten many times a
// second, a change that left nothing changed); the loop detector stops a dyno that rewrites the
// watched tree from redeploying forever.
import { lstatSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Clock } from '../time/clock.js';
import { linkEscape } from './app-boundary.js';
import { DeployScheduler } from './deploy-scheduler.js';
import type { DynoGroup } from './dyno-writers.js';
import { filesOpenForWriting } from './dyno-writers.js';
import { currentState, FileStates, stateOf } from './file-state.js';
import { createIgnoreMatcher } from './ignore-rules.js';
import { LoopDetector } from './loop-detector.js';
import type { NoisyPath } from './noisy-files.js';
import { NoiseDetector } from './noisy-files.js';
import { entriesMissedByScan } from './scan-gap.js';
import type { EscapingLink, WatchNotice } from './notices.js';
import type { FileIdentity } from './own-output.js';
import { outputFiles, pathIsOneOf } from './own-output.js';

/**
 * A burst of saves (an editor's write-rename, a formatter, `git checkout`) becomes one deploy: it
 * has ended once nothing changed for this long. Editors save within a few milliseconds, so the
 * quiet time is short and the deploy starts as soon as the save is over. Not shorter: a tool
 * that writes several files one after another (a formatter, a code generator) pauses between
 * them, and each pause longer than the quiet makes one more release. The quiet is measured in
 * event-loop turns too (see DeployScheduler): on a busy loop, changes the kernel has reported
 * are read before the quiet counts as over.
 */
export const DEPLOY_BURST_QUIET_MS = 30;
/**
 * A save can be preempted halfway on a loaded machine, for longer than the quiet: between the
 * truncate and the write (Node's writeFile, many editors; at a 30 ms quiet one such save once made
 * two deploys, the first of an empty file), or between renaming the old file away and writing the
 * new one (vim). A changed file found empty or missing when the quiet ends holds the burst until
 * it has not changed for this long; a file really emptied or deleted deploys that much later.
 */
export const HALF_SAVED_MS = 250;
/**
 * A burst holding a path that changed more than three times in 2 s (a file being rewritten, not
 * edited: an editor's save is three events at most) waits for this much quiet instead, so the
 * noisy-file policy sees it before it deploys.
 */
export const DEPLOY_DEBOUNCE_MS = 200;
/** However busy the tree, a change deploys at most this long after it was made. */
export const DEPLOY_MAX_WAIT_MS = 2000;
/**
 * chokidar holds a deletion this long to see whether the file comes back (an editor deleting and
 * writing it anew is then one change). Its default, 100 ms, outlasts the quiet: a `git checkout`
 * that deleted files deployed its changes, then the deletions on their own (a `Deploy (…)` line
 * with no release, the slug already without them). The kernel's report of a deletion re-arms the
 * quiet at once (`stirred`), so a hold shorter than the quiet keeps it in its burst; a file
 * written back later is still one deploy, its deletion and creation both in the burst, and a
 * file missing when the quiet ends holds the burst (HALF_SAVED_MS). Any hold keeps chokidar
 * ignoring editors' swap and backup files (`.web.js.swp`, `web.js~`).
 */
const DELETION_HOLD_MS = 10;
/** Events this soon after the last one seen during a build are still the build's own output. */
const BUILD_SETTLE_MS = 300;
/**
 * SQLite's files beside a database (`db.sqlite3-journal`, `-wal`, `-shm`): live for milliseconds,
 * so rarely seen open, but a dyno that writes the database writes them too.
 */
const COMPANION_SUFFIXES = ['-journal', '-wal', '-shm'];

export interface WatchOptions {
  readonly root: string;
  /** `--ignore` patterns (gitignore syntax), on top of .gitignore. */
  readonly ignore: readonly string[];
  /**
   * When the running release started (ms since the epoch). The watcher starts after the dynos,
   * so a file its first scan finds modified later was changed while it was not yet watching (a
   * save in the first second, a dyno writing at boot): it is a change all the same, as it would
   * have been on a faster machine.
   */
  readonly since?: number;
  /** Always watched even when .gitignore lists them (`.env` usually is): the Procfile, env files. */
  readonly appFiles: () => readonly string[];
  /** True while the deploy's build runs: what it writes is not a change to deploy. */
  readonly building: () => boolean;
  /** The dynos running now: a file one of them holds open for writing is its own. */
  readonly dynos: () => readonly DynoGroup[];
  readonly deploy: (changedPaths: ReadonlySet<string>) => Promise<void>;
  /** Told about a restart loop and the paths now ignored. */
  readonly onLoop: (paths: readonly string[]) => void;
  /** Told, once each, about files the watcher stops following and links it does not follow. */
  readonly onNotice: (notice: WatchNotice) => void;
  readonly onError: (error: unknown) => void;
  /** The files hdev's own output goes to (default: those behind stdout and stderr). */
  readonly ownOutput?: readonly FileIdentity[];
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

function realTarget(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined; // a dangling link points nowhere: a plain file to git
  }
}

export function watchApp(options: WatchOptions, clock: Clock): AppWatcher {
  const matcher = createIgnoreMatcher({
    gitignore: readGitignore(options.root),
    extraPatterns: options.ignore,
  });
  // chokidar watches the real root, so that paths compare with realpaths and /proc's links;
  // deploys and the deployer's app files speak of the root as given.
  const realRoot = realpathSync(options.root);
  const ownOutput = options.ownOutput ?? outputFiles();
  /** Relative paths the watcher stopped following: loops, noisy files, dynos' files, its output. */
  const muted = new Set<string>();
  const states = new FileStates();
  const noise = new NoiseDetector();
  const loops = new LoopDetector();
  const escapingLinks: EscapingLink[] = [];
  let scanned = false;
  /** Real paths the first scan found modified after `since`: reported once it is done. */
  const changedBeforeReady: string[] = [];
  let lastBuildEventAt = Number.NEGATIVE_INFINITY;

  const relativePath = (path: string): string => relative(options.root, path).split(sep).join('/');
  const fromReal = (path: string): string => join(options.root, relative(realRoot, path));
  const mute = (path: string): void => void muted.add(path);

  /** A link out of the app or back up into it: collected for one notice, and never followed. */
  const escapes = (realPath: string, rel: string): boolean => {
    const target = realTarget(realPath);
    const escape = target === undefined ? undefined : linkEscape(realRoot, realPath, target);
    if (escape === undefined || target === undefined) return false;
    const link = { path: rel, target: relative(dirname(realPath), target) || '.', escape };
    if (scanned) options.onNotice({ kind: 'escaping-links', links: [link] });
    else escapingLinks.push(link);
    return true;
  };

  /** chokidar's filter, on real paths; `stats` are lstat's (links are not followed). */
  const ignored = (realPath: string, stats?: Stats): boolean => {
    const path = fromReal(realPath);
    if (options.appFiles().includes(path)) return false;
    const rel = relativePath(path);
    if (rel === '') return false;
    if (muted.has(rel) || matcher(rel, stats?.isDirectory())) return true;
    if (stats?.isSymbolicLink() === true && escapes(realPath, rel)) {
      mute(rel);
      return true;
    }
    if (!scanned && stats?.isFile() === true) {
      if (options.since !== undefined && stats.mtimeMs > options.since)
        changedBeforeReady.push(realPath);
      else states.remember(rel, stateOf(stats));
    }
    return false;
  };

  /** At deploy time: the changes that are the developer's, after telling what is not. */
  const triage = (changes: ReadonlySet<string>): Set<string> => {
    const now = clock.now();
    const candidates: { path: string; rel: string; changed: boolean; noisy?: NoisyPath }[] = [];
    for (const path of changes) {
      const rel = relativePath(path);
      if (muted.has(rel)) continue;
      const changed = states.changed(rel, currentState(join(realRoot, rel)));
      const noisy = noise.check(rel, now);
      // A change that left the file as it was, and not often, needs no more thought.
      if (changed || noisy !== undefined) candidates.push({ path, rel, changed, noisy });
    }
    noise.prune(now);
    // Only now the walk of /proc, and only when something may deploy.
    const writers =
      candidates.length === 0
        ? new Map<string, string>()
        : filesOpenForWriting(options.dynos(), realRoot);
    const kept = new Set<string>();
    for (const { path, rel, changed, noisy } of candidates) {
      const dyno = writers.get(join(realRoot, rel));
      if (dyno !== undefined) {
        for (const name of [rel, ...COMPANION_SUFFIXES.map((suffix) => rel + suffix)]) mute(name);
        options.onNotice({ kind: 'dyno-writes', dyno, path: rel });
      } else if (noisy !== undefined) {
        mute(rel);
        options.onNotice({ kind: 'noisy', ...noisy });
      } else if (changed) kept.add(path);
    }
    return kept;
  };

  const scheduler = new DeployScheduler(clock, {
    debounceMs: DEPLOY_DEBOUNCE_MS,
    burst: {
      quietMs: DEPLOY_BURST_QUIET_MS,
      maxChanges: 3,
      windowMs: 2000,
      halfSavedMs: HALF_SAVED_MS,
    },
    maxWaitMs: DEPLOY_MAX_WAIT_MS,
    halfSaved: (path) => {
      const stats = lstatSync(join(realRoot, relativePath(path)), { throwIfNoEntry: false });
      return stats === undefined || (stats.isFile() && stats.size === 0);
    },
    onError: options.onError,
    run: async (changes, firstChangeAt) => {
      const kept = triage(changes);
      if (kept.size === 0) return;
      const verdict = loops.record(firstChangeAt, new Set([...kept].map(relativePath)));
      if (verdict.loop) {
        for (const path of verdict.paths) mute(path);
        options.onLoop(verdict.paths);
      }
      const wanted = new Set([...kept].filter((path) => !muted.has(relativePath(path))));
      try {
        if (wanted.size > 0) await options.deploy(wanted);
      } finally {
        loops.finished(clock.now());
      }
    },
  });

  const watcher: FSWatcher = watch(realRoot, {
    ignoreInitial: true,
    // Never follow a link: see app-boundary.ts.
    followSymlinks: false,
    atomic: DELETION_HOLD_MS,
    ignored: (path, stats) => ignored(path, stats),
  });
  const onChange = (realPath: string): void => {
    if (options.building()) {
      lastBuildEventAt = clock.now();
      return;
    }
    if (clock.now() - lastBuildEventAt < BUILD_SETTLE_MS) return;
    if (ignored(realPath)) return;
    const path = fromReal(realPath);
    if (pathIsOneOf(realPath, ownOutput)) {
      mute(relativePath(path));
      return;
    }
    noise.record(relativePath(path), clock.now());
    scheduler.notify(path);
  };
  // Every write the kernel reports, before chokidar's per-path throttle: a file still being
  // written keeps its burst open. `name` is relative to the watched folder, or the watched file's.
  watcher.on('raw', (_event, name, details) => {
    const watched = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
    if (typeof watched !== 'string') return;
    if (!scanned || options.building()) return;
    const realPath = name === '' || basename(watched) === name ? watched : join(watched, name);
    if (!ignored(realPath)) scheduler.stirred();
  });
  // chokidar reports the links its first scan finds as added, ignoreInitial or not.
  watcher.on('add', (realPath) => (scanned ? onChange(realPath) : undefined));
  for (const event of ['change', 'unlink'] as const) watcher.on(event, onChange);
  watcher.on('error', options.onError);
  /** What the scan missed (see scan-gap.ts): watched from now on, and a change. */
  const catchUp = async (): Promise<void> => {
    for (const realPath of await entriesMissedByScan(realRoot, watcher.getWatched())) {
      const stats = lstatSync(realPath, { throwIfNoEntry: false });
      if (stats === undefined || ignored(realPath, stats)) continue;
      watcher.add(realPath);
      onChange(realPath);
    }
  };
  const ready = new Promise<void>((resolve) =>
    watcher.once('ready', () => {
      scanned = true;
      if (escapingLinks.length > 0)
        options.onNotice({ kind: 'escaping-links', links: escapingLinks });
      for (const realPath of changedBeforeReady) onChange(realPath);
      catchUp().then(resolve, (error: unknown) => {
        options.onError(error);
        resolve();
      });
    }),
  );

  return {
    ready: () => ready,
    idle: () => scheduler.idle(),
    close: async () => {
      scheduler.dispose();
      await watcher.close();
    },
  };
}
