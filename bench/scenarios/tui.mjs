// Benchmark 5: terminal UI (hdev only; no peer has one)
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BASE_PORT,
  FIXTURES,
  LINE_BYTES,
  POLL_MS,
  THROUGHPUT_DEADLINE_MS,
  THROUGHPUT_TYPES,
  TOKEN,
  WORK,
  brief,
  lastLines,
  log,
  median,
  mib,
  now,
  run,
  secs,
  table,
} from '../lib/common.mjs';
import {
  cleanup,
  cpuTimeMs,
  descendants,
  isLive,
  kill,
  procStatusKiB,
  vmHWM,
} from '../lib/processes.mjs';
import { aptWithUpdate, commandLine, haveCommand, quote, writeApp } from '../lib/tools.mjs';
import { resetDone, throughputApp, throughputTool } from './throughput.mjs';

export const TUI_COLUMNS = 80;
export const TUI_ROWS = 24;
export const TUI_TERM = 'xterm-256color';
export const TUI_SESSION = 'bench';
export const TUI_QUIT_DEADLINE_MS = 15_000;
export const FLOOD_TYPES = ['a', 'b'];
export const FLOOD_CHECKPOINTS_S = [10, 30, 60];
export const FLOOD_COUNT_DEADLINE_MS = 30_000; // after the flood's end, for the flooders' count files
export const tmuxServers = new Map(); // private tmux servers still running: name -> socket path

/** tmux from PATH, or `apt-get install -y tmux` (with one `apt-get update` if that fails). */
export function ensureTmux() {
  if (!haveCommand('tmux')) {
    if (!haveCommand('apt-get')) throw new Error('skipped: no tmux and no apt-get on this machine');
    log('installing the terminal: apt-get install -y tmux');
    const res = aptWithUpdate(['install', '-y', '-q', 'tmux']);
    if (!res.ok || !haveCommand('tmux'))
      throw new Error(
        `skipped: could not install tmux: ${lastLines(res.stderr) || 'not on PATH after install'}`,
      );
  }
  return run('tmux', ['-V']).stdout.trim() || 'tmux';
}

/**
 * The environment of the private tmux server, and so of hdev in its pane: ours with the run's
 * token, without the variables that mark a CI job (ink, hdev's UI library, then draws only the
 * last frame) or a surrounding tmux.
 */
export function tmuxEnv() {
  return Object.fromEntries(
    Object.entries({ ...process.env, HDEV_BENCH_TOKEN: TOKEN }).filter(
      ([key]) => !/^(CI|CONTINUOUS_INTEGRATION|CI_.*|TMUX|TMUX_PANE)$/.test(key),
    ),
  );
}

export function tmux(name, args) {
  return run('tmux', ['-L', name, ...args], { env: tmuxEnv(), timeout: 10_000 });
}

/** Stops a private tmux server (hdev in it should be gone by then) and removes its socket. */
export function killTmuxServer(name) {
  const socket =
    tmuxServers.get(name) ??
    path.join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid()}`, name);
  tmux(name, ['kill-server']);
  fs.rmSync(socket, { force: true });
  tmuxServers.delete(name);
}

/** What the pane shows, as text (without colours). */
export function capturePane(name) {
  const res = tmux(name, ['capture-pane', '-p', '-t', TUI_SESSION]);
  return res.ok ? res.stdout.replace(/\s+$/, '') : '';
}

/**
 * Starts `how` ({ file, args }) as the only pane of a detached 80×24 session on a private tmux
 * server, run directly (no shell), so that the pane's pid is the command's. Returns
 * { name, pid, started } with `started` taken just before tmux is asked to start it.
 */
export function startInTmux(how, cwd, label) {
  const name = `hdev-bench-${TOKEN.slice(0, 8)}-${label}`;
  const started = now();
  const res = tmux(name, [
    '-f',
    '/dev/null',
    'start-server',
    ';',
    'set-option',
    '-g',
    'default-terminal',
    TUI_TERM,
    ';',
    'set-option',
    '-g',
    'remain-on-exit',
    'on', // keep the pane of an hdev that exits early, to show why
    ';',
    'new-session',
    '-d',
    '-s',
    TUI_SESSION,
    '-x',
    String(TUI_COLUMNS),
    '-y',
    String(TUI_ROWS),
    '-c',
    cwd,
    '-P',
    '-F',
    '#{pane_pid} #{socket_path}',
    how.file,
    ...how.args,
  ]);
  const [pid, socket] = res.stdout.trim().split(' ');
  if (socket) tmuxServers.set(name, socket);
  if (!res.ok || !Number(pid)) {
    killTmuxServer(name);
    throw new Error(`tmux new-session failed: ${lastLines(res.stderr || res.stdout, 3)}`);
  }
  return { name, pid: Number(pid), started };
}

/** Resolves true when `pid` is gone (or a zombie) within `ms`. */
export async function waitGone(pid, ms) {
  const deadline = now() + ms;
  while (isLive(pid)) {
    if (now() > deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

/**
 * Quits the UI with `q` and waits for hdev to exit (bounded); SIGKILLs its process group if it
 * does not. Then stops the tmux server and kills every recorded descendant still alive.
 * Resolves with the time from `q` to hdev's exit, or null.
 */
export async function quitTmuxHdev(session, recorded) {
  let quitMs = null;
  try {
    if (isLive(session.pid)) {
      const sent = now();
      tmux(session.name, ['send-keys', '-t', TUI_SESSION, 'q']);
      if (await waitGone(session.pid, TUI_QUIT_DEADLINE_MS)) quitMs = now() - sent;
      else {
        kill(-session.pid, 'SIGKILL'); // the pane's command leads a process group of its own
        kill(session.pid, 'SIGKILL');
        await waitGone(session.pid, 2_000);
      }
    }
  } finally {
    killTmuxServer(session.name);
    await cleanup(null, recorded);
  }
  return quitMs;
}

/** Why hdev in the pane is not running: the pane's last lines. */
export function paneExitError(session, what) {
  return `hdev exited ${what}: ${lastLines(capturePane(session.name), 3) || 'no output'}`;
}

/** hdev's `start` command for an app, with `extra` arguments. */
export function hdevStart(hdev, app, extra = []) {
  return {
    file: hdev.command[0],
    args: [
      ...hdev.command.slice(1),
      'start',
      '-d',
      app.dir,
      '--format',
      'heroku',
      '-p',
      String(BASE_PORT),
      ...extra,
    ],
  };
}

/** The throughput app under hdev's UI: time until every generator's DONE file exists. */
export async function tuiThroughputRun(hdev, app, i) {
  resetDone(app);
  const doneFiles = THROUGHPUT_TYPES.map((t) => path.join(app.doneDir, t));
  const session = startInTmux(hdevStart(hdev, app), app.dir, `ui-${i}`);
  const rec = { doneMs: null, peakRssKiB: null, cpuMs: null, quitMs: null, error: undefined };
  let recorded = [];
  try {
    for (;;) {
      await sleep(POLL_MS);
      const t = now();
      if (doneFiles.every((f) => fs.existsSync(f))) {
        rec.doneMs = t - session.started;
        break;
      }
      if (!isLive(session.pid)) {
        rec.error = paneExitError(session, 'before the generators were done');
        break;
      }
      if (t - session.started > THROUGHPUT_DEADLINE_MS) {
        rec.error = `generators not done after ${THROUGHPUT_DEADLINE_MS / 1000} s`;
        break;
      }
    }
    rec.peakRssKiB = vmHWM(session.pid);
    rec.cpuMs = cpuTimeMs(session.pid);
    rec.screen = capturePane(session.name);
    recorded = descendants(session.pid);
  } finally {
    rec.quitMs = await quitTmuxHdev(session, recorded);
  }
  if (rec.quitMs === null && !rec.error)
    rec.error = `did not exit within ${TUI_QUIT_DEADLINE_MS / 1000} s of q (then SIGKILLed)`;
  return rec;
}

/** hdev's UI under two flooders for `seconds`: its memory every second, and lines written. */
export async function tuiFlood(hdev, seconds) {
  const flood = path.join(FIXTURES, 'flood.mjs');
  const countDir = path.join(WORK, 'flood-counts');
  const app = writeApp(
    'flood',
    FLOOD_TYPES.map(
      (t) =>
        `${t}: node ${quote(flood)} ${t} --seconds ${seconds} ${quote(path.join(countDir, t))}`,
    ),
  );
  fs.rmSync(countDir, { recursive: true, force: true });
  fs.mkdirSync(countDir, { recursive: true });
  const countFiles = FLOOD_TYPES.map((t) => path.join(countDir, t));
  const how = hdevStart(hdev, app);
  const session = startInTmux(how, app.dir, 'flood');
  const rec = {
    command: commandLine(how),
    samples: [], // { s, rssKiB, hwmKiB, cpuMs } every second from hdev's start
    flooders: [],
    peakRssKiB: null,
    cpuMs: null,
    quitMs: null,
    error: undefined,
  };
  let recorded = [];
  try {
    const deadline = seconds * 1000 + FLOOD_COUNT_DEADLINE_MS;
    for (let s = 1; ; s++) {
      const wait = session.started + s * 1000 - now();
      if (wait > 0) await sleep(wait);
      if (!isLive(session.pid)) {
        rec.error = paneExitError(session, `${s} s into the flood`);
        break;
      }
      rec.samples.push({
        s,
        rssKiB: procStatusKiB(session.pid, 'VmRSS'),
        hwmKiB: vmHWM(session.pid),
        cpuMs: cpuTimeMs(session.pid),
      });
      if (s >= seconds && countFiles.every((f) => fs.existsSync(f))) break;
      if (s * 1000 > deadline) {
        rec.error = `flooders not done ${FLOOD_COUNT_DEADLINE_MS / 1000} s after the flood's end`;
        break;
      }
    }
    rec.peakRssKiB = vmHWM(session.pid);
    rec.cpuMs = cpuTimeMs(session.pid);
    rec.screen = capturePane(session.name);
    recorded = descendants(session.pid);
  } finally {
    rec.quitMs = await quitTmuxHdev(session, recorded);
  }
  for (const file of countFiles) {
    try {
      rec.flooders.push(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch {
      // a flooder that did not finish: no count
    }
  }
  if (rec.flooders.length === FLOOD_TYPES.length) {
    rec.lines = rec.flooders.reduce((sum, f) => sum + f.lines, 0);
    rec.floodMs = Math.max(...rec.flooders.map((f) => f.ms));
    rec.linesPerSecond = rec.lines / (rec.floodMs / 1000);
  }
  if (rec.quitMs === null && !rec.error)
    rec.error = `did not exit within ${TUI_QUIT_DEADLINE_MS / 1000} s of q (then SIGKILLed)`;
  return rec;
}

/** The seconds at which the flood table shows hdev's RSS: 10, 30, 60 (those within the flood). */
export function floodCheckpoints(seconds) {
  const points = FLOOD_CHECKPOINTS_S.filter((s) => s < seconds);
  return [...points, seconds];
}

export const cpuSecs = (ms) =>
  ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;

export async function benchTui(tools, opts) {
  const runs = opts.runs ?? 3;
  const lines = opts.lines;
  const seconds = opts.floodSeconds;
  log(
    `\n## Terminal UI (hdev only): ${THROUGHPUT_TYPES.length} dynos × ${lines.toLocaleString('en-US')} lines, plain vs UI in tmux ${TUI_COLUMNS}×${TUI_ROWS}, median of ${runs}; then a ${seconds} s flood of ${FLOOD_TYPES.length} dynos under the UI`,
  );
  const hdev = tools.hdev;
  let unavailable = !hdev ? 'not measured: hdev is not in --tools' : hdev.unavailable;
  let tmuxVersion;
  if (!unavailable) {
    try {
      tmuxVersion = ensureTmux();
      log(`  terminal: ${tmuxVersion}, ${TUI_COLUMNS}×${TUI_ROWS}, TERM=${TUI_TERM}`);
    } catch (error) {
      unavailable = error.message;
    }
  }
  const app = throughputApp(lines);
  const plainHow = hdev?.command && hdevStart(hdev, app, ['--no-tui']);
  const uiHow = hdev?.command && hdevStart(hdev, app);
  const modes = {
    plain: {
      label: 'plain (--no-tui, stdout to a file)',
      command: plainHow && `${commandLine(plainHow)} > FILE`,
      runs: [],
    },
    ui: {
      label: `terminal UI (tmux ${TUI_COLUMNS}×${TUI_ROWS})`,
      command: uiHow && `tmux -L NAME new-session -d -x 80 -y 24 ${commandLine(uiHow)}`,
      runs: [],
    },
  };
  if (plainHow) log(`  plain: ${modes.plain.command}`);
  if (uiHow) log(`  UI:    ${modes.ui.command}`);
  let flood;
  if (unavailable) {
    for (const mode of Object.values(modes)) mode.error = unavailable;
    flood = { error: unavailable };
    log(`  ${unavailable}`);
  } else {
    // Runs are interleaved (plain, UI, plain, ...), as in the start-up benchmark.
    for (let i = 1; i <= runs; i++) {
      for (const [key, mode] of Object.entries(modes)) {
        if (mode.stopped) continue;
        let rec;
        try {
          if (key === 'plain') {
            const outFile = path.join(WORK, `tui-plain-${i}.out`);
            const errFile = path.join(WORK, `tui-plain-${i}.stderr`);
            const r = await throughputTool(hdev, app, lines, outFile, errFile, {
              how: plainHow,
              waitDone: true,
            });
            rec = {
              doneMs: r.doneMs,
              linesMs: r.ms,
              linesLost: r.ms !== null ? THROUGHPUT_TYPES.length * lines - r.counter.valid : null,
              peakRssKiB: r.rssKiB,
              cpuMs: r.cpuMs,
              error: r.error,
            };
            if (!opts.keep) fs.rmSync(outFile, { force: true });
          } else {
            rec = await tuiThroughputRun(hdev, app, i);
          }
        } catch (error) {
          rec = { doneMs: null, error: String(error?.message ?? error) };
        }
        mode.runs.push(rec);
        log(
          `  ${mode.label} run ${i}: generators done ${secs(rec.doneMs)}` +
            (key === 'plain' ? `, all lines in the file ${secs(rec.linesMs)}` : '') +
            (key === 'plain' ? `, lost ${rec.linesLost ?? '–'}` : '') +
            `, hdev CPU ${cpuSecs(rec.cpuMs)}, peak RSS ${mib(rec.peakRssKiB)}` +
            (rec.quitMs !== undefined ? `, exit ${secs(rec.quitMs)} after q` : '') +
            (rec.error ? `  ERROR: ${rec.error}` : ''),
        );
        if (key === 'ui' && i === 1 && rec.screen)
          log(`  the UI's screen at the end of run 1:\n${rec.screen.replace(/^/gm, '    | ')}`);
        if (rec.doneMs === null && i === 1) mode.stopped = true;
      }
    }
    log(
      `  flood: ${seconds} s, ${FLOOD_TYPES.length} dynos of bench/fixtures/flood.mjs under the UI`,
    );
    try {
      flood = await tuiFlood(hdev, seconds);
    } catch (error) {
      flood = { samples: [], error: String(error?.message ?? error) };
    }
    log(
      `  RSS every second (MiB): ${flood.samples.map((x) => (x.rssKiB === null ? '–' : (x.rssKiB / 1024).toFixed(0))).join(' ')}`,
    );
    log(
      `  flood: ${flood.lines?.toLocaleString('en-US') ?? '–'} lines in ${secs(flood.floodMs)}` +
        ` (${flood.linesPerSecond ? Math.round(flood.linesPerSecond).toLocaleString('en-US') : '–'} lines/s),` +
        ` hdev CPU ${cpuSecs(flood.cpuMs)}, peak RSS ${mib(flood.peakRssKiB)}, exit ${secs(flood.quitMs)} after q` +
        (flood.error ? `  ERROR: ${flood.error}` : ''),
    );
    if (flood.screen)
      log(`  the UI's screen at the end of the flood:\n${flood.screen.replace(/^/gm, '    | ')}`);
  }
  for (const mode of Object.values(modes)) {
    mode.medianDoneMs = median(mode.runs.map((r) => r.doneMs));
    mode.medianLinesMs = median(mode.runs.map((r) => r.linesMs));
    mode.medianCpuMs = median(mode.runs.map((r) => r.cpuMs));
    mode.medianQuitMs = median(mode.runs.map((r) => r.quitMs));
    mode.peakRssKiB = Math.max(0, ...mode.runs.map((r) => r.peakRssKiB ?? 0)) || null;
  }
  const plainMs = modes.plain.medianDoneMs;
  for (const mode of Object.values(modes))
    mode.timesPlain = plainMs && mode.medianDoneMs !== null ? mode.medianDoneMs / plainMs : null;

  const failed = (mode) =>
    brief(
      mode.error ??
        (mode.medianDoneMs === null
          ? `failed: ${mode.runs.find((x) => x.error)?.error ?? '?'}`
          : secs(mode.medianDoneMs)),
    );
  const throughputHeaders = [
    'mode',
    `generators done (median of ${runs})`,
    '× plain',
    'all lines in the file',
    'lines lost (per run)',
    'hdev CPU time',
    'peak RSS',
    'exit after q',
  ];
  const throughputRows = Object.entries(modes).map(([key, mode]) => [
    mode.label,
    failed(mode),
    mode.timesPlain ? `${mode.timesPlain.toFixed(2)}×` : '–',
    key === 'plain' ? secs(mode.medianLinesMs) : 'not countable',
    key === 'plain'
      ? mode.runs.length
        ? mode.runs.map((x) => x.linesLost ?? '–').join(' / ')
        : '–'
      : 'not countable',
    cpuSecs(mode.medianCpuMs),
    mib(mode.peakRssKiB),
    key === 'ui' ? secs(mode.medianQuitMs) : '–',
  ]);

  const points = floodCheckpoints(seconds);
  const rssAt = (s) => flood.samples?.find((x) => x.s === s)?.rssKiB;
  const floodHeaders = [
    'flood',
    'lines written',
    'lines/s',
    'hdev CPU (share of one core)',
    ...points.map((s) => `RSS at ${s} s`),
    'peak RSS (VmHWM)',
    'exit after q',
  ];
  const floodRow = [
    `${FLOOD_TYPES.length} dynos × ${seconds} s`,
    flood.error && !flood.lines
      ? brief(flood.error)
      : (flood.lines?.toLocaleString('en-US') ?? '–'),
    flood.linesPerSecond ? Math.round(flood.linesPerSecond).toLocaleString('en-US') : '–',
    flood.cpuMs !== undefined && flood.cpuMs !== null && flood.samples.length
      ? `${cpuSecs(flood.cpuMs)} (${Math.round((flood.cpuMs / (flood.samples.at(-1).s * 1000)) * 100)} %)`
      : '–',
    ...points.map((s) => mib(rssAt(s))),
    mib(flood.peakRssKiB),
    secs(flood.quitMs),
  ];
  log('\n' + table(throughputHeaders, throughputRows));
  log('\n' + table(floodHeaders, [floodRow]));
  return {
    params: {
      terminal: { program: tmuxVersion, columns: TUI_COLUMNS, rows: TUI_ROWS, TERM: TUI_TERM },
      dynos: THROUGHPUT_TYPES.length,
      linesPerDyno: lines,
      lineBytes: LINE_BYTES,
      runs,
      flood: { dynos: FLOOD_TYPES.length, seconds, checkpoints: points },
    },
    results: { throughput: modes, flood },
    tables: [
      {
        title: `log throughput, ${THROUGHPUT_TYPES.length} dynos × ${lines.toLocaleString('en-US')} lines, plain vs UI`,
        headers: throughputHeaders,
        rows: throughputRows,
      },
      {
        title: `${seconds} s flood under the UI, ${FLOOD_TYPES.length} dynos`,
        headers: floodHeaders,
        rows: [floodRow],
      },
    ],
  };
}
