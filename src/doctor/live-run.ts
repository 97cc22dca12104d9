// The doctor's scratch run: this very CLI as `hdev start --no-tui --no-watch --no-dashboard
// --format json` on a free port, in the app folder, watched through its JSON log; one request to
// `/` through the router, 5 s of watching, SIGTERM, and a look for processes left behind.
// Bounded throughout.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import type { AppLocation } from '../config/load-app.js';
import { WEB_TYPE, formationDynoName } from '../domain/dyno-name.js';
import { HEROKU_BOOT_TIMEOUT_MS, HEROKU_STOP_TIMEOUT_MS } from '../domain/defaults.js';
import { markedProcesses } from '../supervisor/dyno-marker.js';
import { allocatePort } from '../supervisor/port-probe.js';
import { settlesWithin, systemClock } from '../time/clock.js';
import type { Finding } from './finding.js';
import { problem } from './finding.js';
import { liveFindings, type LiveOutcome } from './live-findings.js';
import type { LiveObservations } from './live-log.js';
import { bootSettled, newObservations, observe, parseLogLine } from './live-log.js';

const GROUP = 'Live run';
/** Every dyno must stay up this long after booting. */
const WATCH_MS = 5000;
/** Heroku's 30 s between SIGTERM and SIGKILL, and a margin for hdev's own exit. */
const STOP_LIMIT_MS = HEROKU_STOP_TIMEOUT_MS + 10_000;
const REQUEST_TIMEOUT_MS = 10_000;
const POLL_MS = 50;
/** How long after the scratch run's exit its output may take to end (a dyno could hold it). */
const OUTPUT_DRAIN_MS = 2000;
/** Every process of the scratch run carries this variable, to find leftovers by. */
const RUN_MARKER_VAR = 'HDEV_DOCTOR_RUN';

export interface LiveRunOptions {
  readonly location: AppLocation;
  readonly root: string;
  /** False when the static checks found the Procfile unusable: nothing to start. */
  readonly canRun: boolean;
  readonly hasWeb: boolean;
  readonly hasRelease: boolean;
  readonly budgetMs: number;
}

/**
 * Where the scratch run's ports start: a random free port below Linux's ephemeral range
 * (32768–60999), from which the machine's outgoing connections take their local ports. An
 * ephemeral base (port 0) put the web dyno's PORT where a connection could hold it, and on a
 * machine busy with connections the dyno crashed on EADDRINUSE. hdev start skips ports that are
 * listened on from there.
 */
const SCRATCH_PORTS = { from: 20_000, span: 10_000 };

function scratchPort(): Promise<number> {
  return allocatePort(SCRATCH_PORTS.from + randomInt(SCRATCH_PORTS.span), new Set());
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` until it holds or `deadline` (epoch ms) passes; true when it held. */
async function until(done: () => boolean, deadline: number): Promise<boolean> {
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

function getRoot(port: number): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', timeout: REQUEST_TIMEOUT_MS },
      (response) => {
        response.resume();
        response.once('end', () => resolve({ status: response.statusCode ?? 0 }));
        response.once('error', (error) => resolve({ error: error.message }));
      },
    );
    req.once('timeout', () =>
      req.destroy(new Error(`no response within ${REQUEST_TIMEOUT_MS / 1000} s`)),
    );
    req.once('error', (error) => resolve({ error: error.message }));
    req.end();
  });
}

function startArgs(
  options: LiveRunOptions,
  port: number,
  bootTimeoutMs: number,
  releasesDir: string,
): string[] {
  const { location } = options;
  return [
    'start',
    // The scratch run builds a slug as a deploy would, but leaves the app's history alone.
    '--releases-dir',
    releasesDir,
    '--no-tui',
    '--no-watch',
    '--no-dashboard',
    '--format',
    'json',
    '-p',
    String(port),
    '--boot-timeout',
    String(bootTimeoutMs / 1000),
    '-d',
    options.root,
    ...(location.procfile === undefined ? [] : ['-f', location.procfile]),
    ...(location.envFiles === undefined ? [] : ['-e', location.envFiles.join(',')]),
  ];
}

function lastLine(text: string): string {
  return text.trim().split('\n').slice(-3).join(' ').trim();
}

export async function liveChecks(options: LiveRunOptions): Promise<Finding[]> {
  if (!options.canRun)
    return [
      problem(
        GROUP,
        'warning',
        'skipped: the Procfile has errors, so there is nothing to start',
        'Fix the Procfile errors above, then run hdev doctor again.',
      ),
    ];
  const bin = process.argv[1];
  if (bin === undefined)
    return [
      problem(
        GROUP,
        'warning',
        'skipped: cannot tell where hdev is installed',
        'Run hdev doctor through the hdev command.',
      ),
    ];
  const bootTimeoutMs = Math.max(
    1000,
    Math.min(HEROKU_BOOT_TIMEOUT_MS, options.budgetMs - WATCH_MS - 5000),
  );
  const port = await scratchPort();
  const marker = randomBytes(8).toString('hex');
  const releasesDir = mkdtempSync(join(tmpdir(), 'hdev-doctor-'));
  try {
    return await observeRun(options, { bin, port, marker, bootTimeoutMs, releasesDir });
  } finally {
    rmSync(releasesDir, { recursive: true, force: true });
  }
}

async function observeRun(
  options: LiveRunOptions,
  scratch: {
    readonly bin: string;
    readonly port: number;
    readonly marker: string;
    readonly bootTimeoutMs: number;
    readonly releasesDir: string;
  },
): Promise<Finding[]> {
  const { bin, port, marker, bootTimeoutMs, releasesDir } = scratch;
  const started = Date.now();
  const run = startScratchRun(
    bin,
    startArgs(options, port, bootTimeoutMs, releasesDir),
    options.root,
    marker,
  );
  const { observations } = run;
  const budgetEnd = started + options.budgetMs;
  await until(
    () =>
      run.exited || observations.release === 'failed' || bootSettled(observations, options.hasWeb),
    budgetEnd,
  );
  if (run.exited && /already running/.test(run.stderr))
    return [
      problem(
        GROUP,
        'warning',
        `skipped: ${lastLine(run.stderr)}`,
        'Stop that hdev start (Ctrl-C, or hdev stop), then run hdev doctor again; only one may run per app folder.',
      ),
    ];

  const web = observations.dynos.get(formationDynoName(WEB_TYPE, 1));
  const request = !run.exited && web?.up === true ? await getRoot(port) : undefined;
  const watchStart = Date.now();
  if (!run.exited && bootSettled(observations, options.hasWeb))
    await until(() => run.exited, Math.min(watchStart + WATCH_MS, budgetEnd + WATCH_MS));
  const watchedMs = Date.now() - watchStart;
  const findings: Finding[] = [];
  if (run.exited && run.stderr.trim() !== '')
    findings.push(
      problem(
        GROUP,
        'error',
        `hdev start stopped: ${lastLine(run.stderr)}`,
        'Run hdev start to see the whole log.',
      ),
    );
  if (
    !run.exited &&
    observations.release !== 'failed' &&
    !bootSettled(observations, options.hasWeb)
  )
    findings.push(
      problem(
        GROUP,
        'error',
        `the app did not finish booting within the ${Math.round(options.budgetMs / 1000)} s budget`,
        'Raise --timeout, or make the app boot faster.',
      ),
    );

  const stoppedInTime = await stop(run);
  const leftovers = markedProcesses(`${RUN_MARKER_VAR}=${marker}\0`);
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  const outcome: LiveOutcome = {
    observations,
    hasRelease: options.hasRelease,
    hasWeb: options.hasWeb,
    bootTimeoutMs,
    ...(request === undefined ? {} : { request }),
    watchedMs,
    stoppedInTime,
    leftovers,
  };
  return [...findings, ...liveFindings(outcome)];
}

/** SIGTERM to hdev start (it stops every dyno as Heroku does); SIGKILL if it overstays. */
async function stop(run: ScratchRun): Promise<boolean> {
  if (run.exited) return true;
  run.child.kill('SIGTERM');
  const inTime = await until(() => run.exited, Date.now() + STOP_LIMIT_MS);
  if (!inTime) {
    run.child.kill('SIGKILL');
    await run.exit;
  }
  return inTime;
}

export interface ScratchRun {
  readonly child: ChildProcess;
  readonly observations: LiveObservations;
  readonly exit: Promise<void>;
  exited: boolean;
  stderr: string;
}

/** Spawns `hdev start` and reads its JSON log into observations as it comes. */
export function startScratchRun(
  bin: string,
  args: readonly string[],
  root: string,
  marker: string,
): ScratchRun {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, [RUN_MARKER_VAR]: marker, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pending = '';
  let resolveExit: () => void = () => undefined;
  const run: ScratchRun = {
    child,
    observations: newObservations(),
    exit: new Promise<void>((resolve) => (resolveExit = resolve)),
    exited: false,
    stderr: '',
  };
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = parseLogLine(line);
      if (parsed !== undefined) observe(run.observations, parsed);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (run.stderr.length < 64 * 1024) run.stderr += text;
  });
  const finish = (): void => {
    if (run.exited) return;
    run.exited = true;
    resolveExit();
  };
  const outputEnded = Promise.all(
    [child.stdout, child.stderr].map(
      (stream) => new Promise((ended) => stream.once('close', ended)),
    ),
  );
  // 'exit' can be reported before the last of the output has been read, and the last lines are
  // the ones a stop writes (R12): the run ends once its output has, or a moment after its exit.
  child.once('exit', () => {
    void settlesWithin(systemClock, outputEnded, OUTPUT_DRAIN_MS).then(finish);
  });
  child.once('error', (error) => {
    run.stderr += error.message;
    finish();
  });
  return run;
}
