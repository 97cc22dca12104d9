// Benchmark 2: start-up
import path from 'node:path';
import {
  STARTUP_DEADLINE_MS,
  STARTUP_DYNOS,
  WORK,
  brief,
  lastLines,
  log,
  median,
  readTail,
  secs,
  table,
} from '../lib/common.mjs';
import { describeExit, hasExited, stopTool } from '../lib/processes.mjs';
import { spawnTool, watchMarkers, writeApp } from '../lib/tools.mjs';

export async function benchStartup(tools, opts) {
  const runs = opts.runs ?? 5;
  log(
    `\n## Start-up: ${STARTUP_DYNOS} dynos, time until every dyno's first line is out, median of ${runs}`,
  );
  const names = Array.from(
    { length: STARTUP_DYNOS },
    (_, i) => `p${String(i + 1).padStart(2, '0')}`,
  );
  const app = writeApp(
    'startup',
    names.map((n) => `${n}: printf 'READY-%s\\n' ${n}; sleep 3600`),
  );
  const results = {};
  const active = [];
  for (const tool of Object.values(tools)) {
    if (tool.floor) continue;
    const result = (results[tool.name] = { label: tool.label, runs: [] });
    if (tool.unavailable) {
      result.error = tool.unavailable;
      log(`${tool.label}: ${tool.unavailable}`);
      continue;
    }
    active.push(tool);
  }
  // Runs are interleaved (hdev, nf, ruby, hdev, ...) so a busy moment of a shared machine
  // slows every tool alike instead of the one that happened to be measured then.
  for (let i = 1; i <= runs; i++) {
    for (const tool of active) {
      const result = results[tool.name];
      if (result.stopped) continue;
      const errFile = path.join(WORK, `startup-${tool.name}-${i}.stderr`);
      const child = spawnTool(tool, app, 'pipe', errFile);
      const markers = watchMarkers(child);
      let ms;
      let error;
      try {
        ms = await markers.all(names, STARTUP_DEADLINE_MS);
        if (ms === null) {
          const missing = names.filter((n) => !markers.seen.has(n));
          error = hasExited(child)
            ? `${describeExit(child)}: ${lastLines(readTail(errFile), 3) || 'no stderr'}`
            : `${missing.length} dynos not up after ${STARTUP_DEADLINE_MS / 1000} s`;
        }
      } finally {
        await stopTool(child);
      }
      result.runs.push({ ms, error });
      log(`  ${tool.label} run ${i}: ${secs(ms)}${error ? `  ERROR: ${error}` : ''}`);
      if (ms === null && i === 1) result.stopped = true;
    }
  }
  for (const tool of active) {
    const result = results[tool.name];
    result.medianMs = median(result.runs.map((r) => r.ms));
  }
  const headers = ['tool', `all ${STARTUP_DYNOS} up (median of ${runs})`, 'min', 'max'];
  const rows = Object.values(results).map((r) => {
    const times = r.runs.map((x) => x.ms).filter((x) => x !== null);
    return [
      r.label,
      brief(
        r.error ??
          (r.medianMs === null
            ? `failed: ${r.runs.find((x) => x.error)?.error ?? '?'}`
            : secs(r.medianMs)),
      ),
      times.length ? secs(Math.min(...times)) : '–',
      times.length ? secs(Math.max(...times)) : '–',
    ];
  });
  log('\n' + table(headers, rows));
  return { params: { dynos: STARTUP_DYNOS, runs }, results, headers, rows };
}
