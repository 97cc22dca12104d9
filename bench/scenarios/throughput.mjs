// Benchmark 1: log throughput (and memory)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ANSI_ESCAPE,
  FILL,
  FIXTURES,
  LINE_BYTES,
  POLL_MS,
  QUIET_MS,
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
  readTail,
  secs,
  table,
} from '../lib/common.mjs';
import { cpuTimeMs, describeExit, hasExited, stopTool, vmHWM } from '../lib/processes.mjs';
import { quote, spawnTool, writeApp } from '../lib/tools.mjs';

/** Counts generator lines in a tool's output, incrementally, whatever prefix the tool adds. */
export class LineCounter {
  constructor(types, perType) {
    this.perType = perType;
    this.typeCodes = types.map((t) => t.charCodeAt(0));
    this.seen = types.map(() => new Uint8Array(perType + 1));
    this.valid = 0;
    this.duplicates = 0;
    this.broken = 0; // lines carrying generator text that are not an intact generator line
    this.carry = null;
  }

  push(chunk) {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      this.line(buf, start, nl);
      start = nl + 1;
    }
    this.carry = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
  }

  end() {
    if (this.carry) this.line(this.carry, 0, this.carry.length);
    this.carry = null;
  }

  line(buf, start, end) {
    if (end > start && buf[end - 1] === 13) end--;
    if (buf.subarray(start, end).includes(27)) {
      // colour codes: strip them and check the plain text
      const plain = Buffer.from(
        buf.toString('latin1', start, end).replace(ANSI_ESCAPE, ''),
        'latin1',
      );
      return this.line(plain, 0, plain.length);
    }
    const p = end - (LINE_BYTES - 1);
    if (p >= start) {
      const type = this.typeCodes.indexOf(buf[p]);
      if (
        type !== -1 &&
        buf[p + 1] === 32 &&
        buf[p + 9] === 32 &&
        FILL.compare(buf, p + 10, end) === 0
      ) {
        let seq = 0;
        let digits = true;
        for (let i = p + 2; i < p + 9; i++) {
          const d = buf[i] - 48;
          if (d < 0 || d > 9) digits = false;
          seq = seq * 10 + d;
        }
        if (digits && seq >= 1 && seq <= this.perType) {
          if (this.seen[type][seq]) this.duplicates++;
          else {
            this.seen[type][seq] = 1;
            this.valid++;
          }
          return;
        }
      }
    }
    if (end - start >= 10 && buf.subarray(start, end).includes('xxxxxxxxxx')) this.broken++;
  }
}

/** Reads a growing file from where it left off. */
export class FileFollower {
  constructor(file, counter) {
    this.fd = fs.openSync(file, 'r');
    this.pos = 0;
    this.buf = Buffer.allocUnsafe(8 << 20);
    this.counter = counter;
  }

  /** Reads everything new; returns how many bytes that was. */
  poll() {
    let total = 0;
    for (;;) {
      const n = fs.readSync(this.fd, this.buf, 0, this.buf.length, this.pos);
      if (n === 0) return total;
      this.pos += n;
      total += n;
      this.counter.push(this.buf.subarray(0, n));
    }
  }

  close() {
    this.poll();
    this.counter.end();
    fs.closeSync(this.fd);
  }
}

export function throughputApp(lines, types = THROUGHPUT_TYPES) {
  const gen = path.join(FIXTURES, 'gen.mjs');
  const name =
    types.length === THROUGHPUT_TYPES.length ? 'throughput' : `throughput-${types.length}`;
  const doneDir = path.join(WORK, `${name}-done`);
  const app = writeApp(
    name,
    types.map(
      (t) => `${t}: node ${quote(gen)} ${t} ${lines} ${quote(path.join(doneDir, t))}; sleep 3600`,
    ),
  );
  return { ...app, gen, doneDir, types };
}

export function resetDone(app) {
  fs.rmSync(app.doneDir, { recursive: true, force: true });
  fs.mkdirSync(app.doneDir, { recursive: true });
}

export async function throughputFloor(app, lines, outFile) {
  resetDone(app);
  const fd = fs.openSync(outFile, 'a');
  fs.ftruncateSync(fd, 0);
  const started = now();
  const types = app.types ?? THROUGHPUT_TYPES;
  const children = types.map((t) =>
    spawn(process.execPath, [app.gen, t, String(lines), path.join(app.doneDir, t)], {
      cwd: app.dir,
      env: { ...process.env, HDEV_BENCH_TOKEN: TOKEN },
      stdio: ['ignore', fd, 'inherit'],
    }),
  );
  const codes = await Promise.all(
    children.map((c) => new Promise((resolve) => c.once('exit', (code) => resolve(code)))),
  );
  const ms = now() - started;
  fs.closeSync(fd);
  const counter = new LineCounter(types, lines);
  new FileFollower(outFile, counter).close();
  const error = codes.some((c) => c !== 0)
    ? `a generator exited with status ${codes.find((c) => c !== 0)}`
    : undefined;
  return { ms, counter, rssKiB: null, error };
}

/**
 * Runs `tool` (or the command `how`) on the throughput app with its stdout to `outFile`; `ms` is
 * when the last generator line is in the file, `doneMs` when every generator's DONE file exists
 * (with `waitDone`, the measurement goes on until both are known).
 */
export async function throughputTool(
  tool,
  app,
  lines,
  outFile,
  errFile,
  { how, waitDone = false } = {},
) {
  resetDone(app);
  const types = app.types ?? THROUGHPUT_TYPES;
  const expected = types.length * lines;
  const doneFiles = types.map((t) => path.join(app.doneDir, t));
  const outFd = fs.openSync(outFile, 'w');
  const counter = new LineCounter(types, lines);
  const follower = new FileFollower(outFile, counter);
  const started = now();
  const child = spawnTool(tool, app, outFd, errFile, how);
  fs.closeSync(outFd);
  let ms = null;
  let doneMs = null;
  let error;
  let lastGrowth = started;
  let rssKiB;
  let cpuMs;
  try {
    for (;;) {
      await sleep(POLL_MS);
      const t = now();
      if (follower.poll() > 0) lastGrowth = t;
      if (doneMs === null && doneFiles.every((f) => fs.existsSync(f))) doneMs = t - started;
      if (ms === null && counter.valid >= expected) ms = t - started;
      if (ms !== null && (!waitDone || doneMs !== null)) break;
      if (hasExited(child)) {
        error = `${describeExit(child)} before all lines were out: ${lastLines(readTail(errFile), 3) || 'no stderr'}`;
        break;
      }
      if (ms === null && t - lastGrowth > QUIET_MS && doneMs !== null) {
        ms = lastGrowth - started; // output stopped growing: some lines never arrived
        break;
      }
      if (t - started > THROUGHPUT_DEADLINE_MS) {
        error = `not done after ${THROUGHPUT_DEADLINE_MS / 1000} s`;
        break;
      }
    }
    rssKiB = vmHWM(child.pid);
    cpuMs = cpuTimeMs(child.pid);
  } finally {
    await stopTool(child);
    follower.close();
  }
  return { ms, doneMs, counter, rssKiB, cpuMs, error };
}

/** One run of one tool on one app: its figures, logged. */
async function throughputRun(tool, app, lines, label, i, opts) {
  const expected = app.types.length * lines;
  const outFile = path.join(WORK, `throughput-${app.types.length}-${tool.name}-${i}.out`);
  const errFile = path.join(WORK, `throughput-${app.types.length}-${tool.name}-${i}.stderr`);
  let r;
  try {
    r = tool.floor
      ? await throughputFloor(app, lines, outFile)
      : await throughputTool(tool, app, lines, outFile, errFile);
  } catch (err) {
    r = { ms: null, counter: null, rssKiB: null, error: String(err?.message ?? err) };
  }
  const runResult = {
    ms: r.ms,
    linesLost: r.counter && r.ms !== null ? expected - r.counter.valid : null,
    brokenLines: r.counter?.broken ?? null,
    duplicateLines: r.counter?.duplicates ?? null,
    outputBytes: fs.existsSync(outFile) ? fs.statSync(outFile).size : null,
    peakRssKiB: r.rssKiB,
    cpuMs: r.cpuMs ?? null,
    error: r.error,
  };
  if (!opts.keep) fs.rmSync(outFile, { force: true });
  log(
    `  ${label} run ${i}: ${secs(runResult.ms)}, lost ${runResult.linesLost ?? '–'}` +
      (runResult.brokenLines
        ? `, ${runResult.brokenLines} output lines held part of a generator line`
        : '') +
      (runResult.duplicateLines ? `, ${runResult.duplicateLines} duplicates` : '') +
      (runResult.peakRssKiB ? `, peak RSS ${mib(runResult.peakRssKiB)}` : '') +
      (runResult.cpuMs ? `, CPU ${secs(runResult.cpuMs)}` : '') +
      (runResult.error ? `  ERROR: ${runResult.error}` : ''),
  );
  return runResult;
}

/** The table of one app's results (4 dynos, or 1). */
function throughputTable(results, runs) {
  const floorMs = results.floor?.medianMs ?? null;
  for (const r of Object.values(results))
    r.timesFloor = floorMs && r.medianMs !== null ? r.medianMs / floorMs : null;
  const headers = [
    'tool',
    `wall time (median of ${runs})`,
    '× floor',
    'lines lost (per run)',
    'split lines (per run)',
    'peak RSS',
  ];
  const rows = Object.values(results).map((r) => [
    r.label,
    brief(
      r.error ??
        (r.medianMs === null
          ? `failed: ${r.runs.find((x) => x.error)?.error ?? '?'}`
          : secs(r.medianMs)),
    ),
    r.timesFloor ? `${r.timesFloor.toFixed(2)}×` : '–',
    r.runs.length ? r.runs.map((x) => x.linesLost ?? '–').join(' / ') : '–',
    r.runs.length ? r.runs.map((x) => x.brokenLines ?? '–').join(' / ') : '–',
    mib(r.peakRssKiB),
  ]);
  return { headers, rows };
}

export async function benchThroughput(tools, opts) {
  const runs = opts.runs ?? 3;
  const lines = opts.lines;
  log(
    `\n## Log throughput: ${THROUGHPUT_TYPES.length} dynos, then 1 dyno, × ${lines.toLocaleString('en-US')} lines of ${LINE_BYTES} bytes, median of ${runs}, runs interleaved`,
  );
  const apps = [throughputApp(lines), throughputApp(lines, THROUGHPUT_TYPES.slice(0, 1))];
  const results = apps.map(() => ({}));
  for (const tool of Object.values(tools)) {
    for (const byTool of results) {
      byTool[tool.name] = { label: tool.label, runs: [] };
      if (tool.unavailable) byTool[tool.name].error = tool.unavailable;
    }
    if (tool.unavailable) log(`${tool.label}: ${tool.unavailable}`);
  }
  // Interleaved: run 1 of every tool on each app, then run 2, …: a change in the machine's
  // load shows in every tool's figures alike.
  for (let i = 1; i <= runs; i++) {
    for (const [k, app] of apps.entries()) {
      for (const tool of Object.values(tools)) {
        const result = results[k][tool.name];
        if (result.error || result.stopped) continue;
        const label = `${tool.label}, ${app.types.length} dyno${app.types.length === 1 ? '' : 's'}`;
        const runResult = await throughputRun(tool, app, lines, label, i, opts);
        result.runs.push(runResult);
        // A tool that cannot do it once will not do it thrice.
        if (runResult.ms === null && i === 1) result.stopped = true;
      }
    }
  }
  const tables = [];
  for (const [k, app] of apps.entries()) {
    for (const result of Object.values(results[k])) {
      result.medianMs = median(result.runs.map((r) => r.ms));
      result.medianCpuMs = median(result.runs.map((r) => r.cpuMs));
      result.peakRssKiB = Math.max(0, ...result.runs.map((r) => r.peakRssKiB ?? 0)) || null;
    }
    const t = throughputTable(results[k], runs);
    log('\n' + table(t.headers, t.rows));
    tables.push({
      title: `${app.types.length} dyno${app.types.length === 1 ? '' : 's'} × ${lines.toLocaleString('en-US')} lines`,
      ...t,
    });
  }
  return {
    params: {
      dynos: [apps[0].types.length, apps[1].types.length],
      linesPerDyno: lines,
      lineBytes: LINE_BYTES,
      runs,
    },
    results: results[0],
    singleDyno: results[1],
    tables,
  };
}
