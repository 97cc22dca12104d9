// Benchmark 3: shutdown
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FIXTURES,
  SHUTDOWN_EXIT_DEADLINE_MS,
  STARTUP_DEADLINE_MS,
  SURVIVOR_CHECK_MS,
  WORK,
  brief,
  lastLines,
  log,
  median,
  now,
  readTail,
  secs,
  table,
} from '../lib/common.mjs';
import {
  cleanup,
  cmdline,
  descendants,
  describeExit,
  hasExited,
  isLive,
  kill,
  readStat,
  stopTool,
  waitExit,
} from '../lib/processes.mjs';
import { quote, spawnTool, watchMarkers, writeApp } from '../lib/tools.mjs';

export const SHUTDOWN_DYNOS = [
  // An HTTP server on $PORT that closes and exits on SIGTERM.
  ['web', () => `node ${quote(path.join(FIXTURES, 'web.mjs'))}`],
  // A Node parent with a Node child; neither handles signals, the parent does not forward them.
  ['worker', () => `node ${quote(path.join(FIXTURES, 'parent.mjs'))}`],
  // A shell with a background and a foreground child.
  ['pair', () => `printf 'READY-%s\\n' pair; sleep 300 & sleep 300`],
  // A plain process.
  ['clock', () => `printf 'READY-%s\\n' clock; exec sleep 300`],
  // A shell script that traps TERM and exits (after its current `sleep 1`).
  [
    'trapper',
    () => `trap 'exit 0' TERM; printf 'READY-%s\\n' trapper; while true; do sleep 1; done`,
  ],
  // A pipeline: two children of the shell.
  ['pipe', () => `printf 'READY-%s\\n' pipe; tail -f /dev/null | cat`],
  // A wrapper shell around a Node process, as `npm start` or a script with more lines after it.
  ['npm', () => `node ${quote(path.join(FIXTURES, 'sleeper.mjs'))} npm; echo 'npm: script ended'`],
];

export async function settledDescendants(pid) {
  let previous = '';
  let pids = [];
  for (let i = 0; i < 20; i++) {
    await sleep(250);
    pids = descendants(pid);
    const key = [...pids].sort((a, b) => a - b).join(',');
    if (key === previous) break;
    previous = key;
  }
  return pids;
}

export async function benchShutdown(tools, opts) {
  const runs = opts.runs ?? 3;
  const target = opts.sigintGroup ? "the tool's process group" : "the tool's pid";
  log(
    `\n## Shutdown: ${SHUTDOWN_DYNOS.length} dynos (11+ processes), SIGINT to ${target}, median of ${runs}`,
  );
  const app = writeApp(
    'shutdown',
    SHUTDOWN_DYNOS.map(([name, command]) => `${name}: ${command()}`),
  );
  const names = SHUTDOWN_DYNOS.map(([name]) => name);
  const results = {};
  for (const tool of Object.values(tools)) {
    if (tool.floor) continue;
    const result = (results[tool.name] = { label: tool.label, runs: [] });
    if (tool.unavailable) {
      result.error = tool.unavailable;
      log(`${tool.label}: ${tool.unavailable}`);
      continue;
    }
    for (let i = 1; i <= runs; i++) {
      const errFile = path.join(WORK, `shutdown-${tool.name}-${i}.stderr`);
      const child = spawnTool(tool, app, 'pipe', errFile);
      const markers = watchMarkers(child);
      let recorded = [];
      const rec = {
        ms: null,
        exited: false,
        processes: 0,
        survivors: null,
        survivorCommands: [],
        error: undefined,
      };
      try {
        const up = await markers.all(names, STARTUP_DEADLINE_MS);
        if (up === null) {
          const missing = names.filter((n) => !markers.seen.has(n));
          rec.error = hasExited(child)
            ? `${describeExit(child)}: ${lastLines(readTail(errFile), 3) || 'no stderr'}`
            : `dynos not up after ${STARTUP_DEADLINE_MS / 1000} s: ${missing.join(', ')}`;
        } else {
          recorded = await settledDescendants(child.pid);
          const commands = new Map(recorded.map((pid) => [pid, cmdline(pid)]));
          const comms = new Map(recorded.map((pid) => [pid, readStat(pid)?.comm ?? '?']));
          rec.processes = recorded.length;
          const started = now();
          kill(opts.sigintGroup ? -child.pid : child.pid, 'SIGINT');
          rec.exited = await waitExit(child, SHUTDOWN_EXIT_DEADLINE_MS);
          if (rec.exited) rec.ms = now() - started;
          else kill(child.pid, 'SIGKILL'); // the user gives up and kills it
          await sleep(SURVIVOR_CHECK_MS);
          const survivors = recorded.filter(isLive);
          rec.survivors = survivors.length;
          rec.survivorCommands = survivors.map((pid) => commands.get(pid));
          rec.survivorNames = survivors.map((pid) => comms.get(pid));
          if (!rec.exited)
            rec.error = `still running ${SHUTDOWN_EXIT_DEADLINE_MS / 1000} s after SIGINT (then SIGKILLed)`;
        }
      } finally {
        if (child.exitCode === null && child.signalCode === null) await stopTool(child);
        await cleanup(child, recorded);
      }
      result.runs.push(rec);
      log(
        `  ${tool.label} run ${i}: ` +
          (rec.processes === 0
            ? 'failed'
            : `${rec.exited ? secs(rec.ms) : 'did not exit'}, ${rec.processes} processes, ${rec.survivors ?? '–'} survivors`) +
          (rec.survivorCommands.length ? ` (${rec.survivorCommands.join('; ')})` : '') +
          (rec.error ? `  ERROR: ${rec.error}` : ''),
      );
      if (!rec.exited && i === 1) break; // it hangs or fails: once is enough
    }
    result.medianMs = median(result.runs.map((r) => r.ms));
  }
  const headers = [
    'tool',
    `exit after SIGINT (median of ${runs})`,
    'processes',
    'survivors after 1 s (per run)',
    'survivors (first run)',
  ];
  const rows = Object.values(results).map((r) => {
    const first = r.runs[0];
    const time =
      r.error ??
      (r.runs.every((x) => x.exited)
        ? secs(r.medianMs)
        : r.runs.some((x) => x.exited)
          ? `${secs(r.medianMs)} (${r.runs.filter((x) => !x.exited).length} runs hung)`
          : first?.processes
            ? `did not exit in ${SHUTDOWN_EXIT_DEADLINE_MS / 1000} s`
            : `failed: ${first?.error ?? '?'}`);
    return [
      r.label,
      brief(time),
      first?.processes || '–',
      r.runs.length ? r.runs.map((x) => x.survivors ?? '–').join(' / ') : '–',
      first?.survivorNames?.length
        ? summarize(first.survivorNames)
        : first?.survivors === 0
          ? 'none'
          : '–',
    ];
  });
  log('\n' + table(headers, rows));
  return {
    params: {
      dynos: names,
      runs,
      sigintTo: opts.sigintGroup ? 'process group' : 'pid',
      exitDeadlineMs: SHUTDOWN_EXIT_DEADLINE_MS,
    },
    results,
    headers,
    rows,
  };
}

export function summarize(commands) {
  const counts = new Map();
  for (const c of commands) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => (n > 1 ? `${n} ${c}` : c)).join(', ');
}
