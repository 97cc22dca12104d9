// Benchmark 7: memory with 10 idle dynos. Each tool runs ten `node sleeper.mjs` dynos that print
// one line and then idle; once every dyno's line is out and 3 s have passed, the benchmark sums
// the resident memory (VmRSS) of the tool's own processes: the tool's process and its
// descendants, without the dynos (the sleepers) nor the shells around them (hdev's watchdog, a
// shell script, counts).
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FIXTURES,
  WORK,
  brief,
  lastLines,
  log,
  median,
  mib,
  readTail,
  table,
} from '../lib/common.mjs';
import {
  cmdline,
  descendants,
  describeExit,
  hasExited,
  procStatusKiB,
  readStat,
  stopTool,
} from '../lib/processes.mjs';
import { quote, spawnTool, watchMarkers, writeApp } from '../lib/tools.mjs';

export const IDLE_DYNOS = 10;
const IDLE_SETTLE_MS = 3_000;
const IDLE_DEADLINE_MS = 30_000;
/** hdev's goal: its own processes in at most this much memory with 10 idle dynos. */
export const IDLE_GOAL_MIB = 50;

/** VmRSS (KiB) of `child` and its descendants, without the dynos and the shells around them. */
function toolRssKiB(child) {
  let total = procStatusKiB(child.pid, 'VmRSS') ?? 0;
  for (const pid of descendants(child.pid)) {
    const comm = readStat(pid)?.comm ?? '';
    const command = cmdline(pid);
    // hdev's watchdog is a shell script (argv[0] hdev-watchdog): the tool's own, it counts.
    const shell =
      (comm === 'sh' || comm === 'dash' || comm === 'bash') && !command.startsWith('hdev-watchdog');
    if (command.includes('sleeper.mjs') || shell) continue;
    total += procStatusKiB(pid, 'VmRSS') ?? 0;
  }
  return total;
}

export async function benchIdle(tools, opts) {
  const runs = opts.runs ?? 3;
  log(`\n## Memory: ${IDLE_DYNOS} idle dynos, the tool's own resident memory, median of ${runs}`);
  const names = Array.from({ length: IDLE_DYNOS }, (_, i) => `idle${i + 1}`);
  const sleeper = path.join(FIXTURES, 'sleeper.mjs');
  const app = writeApp(
    'idle',
    names.map((n) => `${n}: node ${quote(sleeper)} ${n}`),
  );
  const results = {};
  const active = [];
  for (const tool of Object.values(tools)) {
    if (tool.floor) continue;
    results[tool.name] = { label: tool.label, runs: [], error: tool.unavailable };
    if (!tool.unavailable) active.push(tool);
  }
  for (let i = 1; i <= runs; i++) {
    for (const tool of active) {
      const result = results[tool.name];
      if (result.stopped) continue;
      const errFile = path.join(WORK, `idle-${tool.name}-${i}.stderr`);
      const child = spawnTool(tool, app, 'pipe', errFile);
      const markers = watchMarkers(child);
      let rssKiB = null;
      let mainKiB = null;
      let error;
      try {
        if ((await markers.all(names, IDLE_DEADLINE_MS)) === null) {
          error = hasExited(child)
            ? `${describeExit(child)}: ${lastLines(readTail(errFile), 3) || 'no stderr'}`
            : `dynos not up after ${IDLE_DEADLINE_MS / 1000} s`;
        } else {
          await sleep(IDLE_SETTLE_MS);
          rssKiB = toolRssKiB(child);
          mainKiB = procStatusKiB(child.pid, 'VmRSS');
        }
      } finally {
        await stopTool(child);
      }
      result.runs.push({ rssKiB, mainKiB, error });
      log(
        `  ${tool.label} run ${i}: ${mib(rssKiB)} (its first process ${mib(mainKiB)})${error ? `  ERROR: ${error}` : ''}`,
      );
      if (rssKiB === null && i === 1) result.stopped = true;
    }
  }
  for (const result of Object.values(results)) {
    result.medianRssKiB = median(result.runs.map((r) => r.rssKiB));
    result.medianMainKiB = median(result.runs.map((r) => r.mainKiB));
  }
  const headers = [
    'tool',
    `RSS of the tool's processes (median of ${runs})`,
    'of which its first process',
    'per run',
  ];
  const rows = Object.values(results).map((r) => [
    r.label,
    r.error
      ? brief(r.error)
      : r.medianRssKiB === null
        ? `failed: ${brief(r.runs.find((x) => x.error)?.error ?? '?')}`
        : mib(r.medianRssKiB),
    mib(r.medianMainKiB),
    r.runs.map((x) => mib(x.rssKiB)).join(' / ') || '–',
  ]);
  log('\n' + table(headers, rows));
  return { params: { dynos: IDLE_DYNOS, settleMs: IDLE_SETTLE_MS, runs }, results, headers, rows };
}
