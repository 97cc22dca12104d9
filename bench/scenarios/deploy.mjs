// Benchmark 6: deploys (hdev only; no peer deploys)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FIXTURES,
  ROOT,
  STOP_GRACE_MS,
  TOKEN,
  WORK,
  brief,
  lastLines,
  log,
  median,
  now,
  readTail,
  table,
} from '../lib/common.mjs';
import { waitHttp } from '../lib/http.mjs';
import {
  active,
  cleanup,
  cmdline,
  descendants,
  describeExit,
  hasExited,
  isLive,
  kill,
  waitExit,
} from '../lib/processes.mjs';
import { commandLine, spawnTool, writeApp } from '../lib/tools.mjs';

// Below the ephemeral port range, like the router benchmark, and clear of its ports: each
// rollout moves a web dyno to the next free port up (27201, 27202, …).
export const DEPLOY_BASE_PORT = 27_200;
export const DEPLOY_BOOT_PORT = DEPLOY_BASE_PORT + 90; // the app booted on its own, without hdev
export const DEPLOY_BOOT_SPAWNS = 10;
export const DEPLOY_POLL_MS = 5;
export const DEPLOY_DEADLINE_MS = 30_000; // per deploy: until the new version answers, until settled
export const DEPLOY_STREAK = 50; // answers in a row with the new version: the old dynos get no traffic
export const DEPLOY_SETTLE_POLL_MS = 100;
// hdev's restart-loop detector (src/watch/loop-detector.ts, DEFAULT_LOOP_RULE) stops deploying a
// path that changed in five deploys in a row, each starting less than 3 s after the previous one
// ended. Rewriting web.mjs back to back would trip it, so each save waits this long after the
// previous rollout has settled.
export const DEPLOY_GAP_MS = 3_500;
export const DEPLOY_LOAD_LOOPS = 8;
export const DEPLOY_LOAD_WEB = 2;

/** A constant `name` as src/watch/watcher.ts sets it (read from the source), or null. */
export function watcherConstant(name) {
  try {
    const source = fs.readFileSync(path.join(ROOT, 'src', 'watch', 'watcher.ts'), 'utf8');
    const match = new RegExp(`export const ${name}\\s*=\\s*([\\d_]+)`).exec(source);
    return match ? Number(match[1].replaceAll('_', '')) : null;
  } catch {
    return null;
  }
}

export function percentile(values, p) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function spread(values) {
  const ok = values.filter((v) => typeof v === 'number');
  return {
    n: ok.length,
    median: median(ok),
    p90: percentile(ok, 0.9),
    min: ok.length ? Math.min(...ok) : null,
    max: ok.length ? Math.max(...ok) : null,
  };
}

export const msInt = (ms) => (ms === null || ms === undefined ? '–' : `${Math.round(ms)} ms`);
/** Wall-clock ms since the epoch, with sub-ms precision, as hdev's log timestamps. */
export const epochNow = () => performance.timeOrigin + now();

/** The app's web.mjs, answering `version` on every path. */
export function webSource(version) {
  return `// Written by bench/run.mjs (deploy benchmark): answers VERSION on every path.
import { createServer } from 'node:http';

export const VERSION = ${JSON.stringify(version)};
export const port = Number(process.env.PORT ?? 5000);
export const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(VERSION) });
  res.end(VERSION);
});
server.listen(port, '127.0.0.1', () => console.log(\`listening \${VERSION} port=\${port}\`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
`;
}

export function writeWeb(app, version) {
  fs.writeFileSync(path.join(app.dir, 'web.mjs'), webSource(version));
}

/** One GET on `agent`: { status, body } or { error }. */
export function httpGet(url, agent, timeoutMs = 5_000) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', (error) => resolve({ error: error.code ?? error.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error) => resolve({ error: error.code ?? error.message }));
  });
}

/** Polls `url` every DEPLOY_POLL_MS until it answers `version`; the time it did, or null. */
export async function waitForVersion(url, agent, version, deadline) {
  for (;;) {
    const res = await httpGet(url, agent);
    const t = now();
    if (res.status === 200 && res.body === version) return t;
    if (t > deadline) return null;
    await sleep(DEPLOY_POLL_MS);
  }
}

/** Requests back to back until `version` has answered `count` times in a row; true, or false at the deadline. */
export async function waitForStreak(url, agent, version, count, deadline) {
  let streak = 0;
  while (streak < count) {
    const res = await httpGet(url, agent);
    streak = res.status === 200 && res.body === version ? streak + 1 : 0;
    if (now() > deadline) return false;
  }
  return true;
}

export let hdevCliCalls = 0; // `hdev ps/releases --json` runs: each is a Node start on the same cores

/** `hdev ARGS` (ps --json, releases --json) in the app folder; its parsed JSON, or null. */
export function hdevJson(hdev, app, args) {
  hdevCliCalls++;
  return new Promise((resolve) => {
    const child = spawn(hdev.command[0], [...hdev.command.slice(1), ...args], {
      cwd: app.dir,
      env: { ...process.env, HDEV_BENCH_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => kill(child.pid, 'SIGKILL'), 10_000);
    child.on('error', () => {});
    child.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out));
      } catch {
        resolve(null);
      }
    });
  });
}

/**
 * Polls `hdev ps --json` until exactly `web` web dynos are left, all of one release after
 * `afterVersion` and none starting or stopping: the old ones are gone. Then (and every fifth
 * poll, to catch a failed release, after which the old dynos stay) asks `hdev releases --json`
 * whether that release succeeded. Each poll starts a Node process, so ps alone is polled.
 * { release, dynos, settled }.
 */
export async function waitRolledOut(hdev, app, afterVersion, web, deadline) {
  let release;
  let dynos = [];
  for (let round = 1; ; round++) {
    const ps = await hdevJson(hdev, app, ['ps', '--json']);
    dynos = (ps ?? [])
      .filter((d) => d.type === 'web' && !d.one_off)
      .map((d) => ({
        name: d.name,
        state: d.state,
        port: d.port,
        release: d.release?.version,
        restarts: d.restarts,
      }));
    const rolledOut =
      dynos.length === web &&
      dynos.every(
        (d) =>
          d.release > afterVersion &&
          d.release === dynos[0].release &&
          d.state !== 'starting' &&
          d.state !== 'stopping',
      );
    if (rolledOut || round % 5 === 0) {
      const releases = await hdevJson(hdev, app, ['releases', '--json']);
      release = (releases ?? [])
        .filter((r) => r.version > afterVersion)
        .sort((a, b) => a.version - b.version)
        .at(-1);
      if (release?.status === 'failed') return { release, dynos, settled: true };
      if (rolledOut && release?.status === 'succeeded' && release.version === dynos[0].release)
        return { release, dynos, settled: true };
    }
    if (now() > deadline) return { release, dynos, settled: false };
    await sleep(DEPLOY_SETTLE_POLL_MS);
  }
}

/** Both (all) web dynos up, each on a port of its own. */
export function healthyWeb(dynos, web) {
  return (
    dynos.length === web &&
    dynos.every((d) => d.state === 'up') &&
    new Set(dynos.map((d) => d.port)).size === dynos.length
  );
}

/** hdev's `--format json` output: [{ t (epoch ms), source, dyno, message }]. */
export function readJsonLog(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const lines = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line);
      const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(entry.time);
      if (!m) continue;
      const t = Date.parse(m[1] + m[3]) + Number(`0${m[2] ?? ''}`) * 1000;
      lines.push({ t, source: entry.source, dyno: entry.dyno, message: entry.message });
    } catch {
      // a partial last line
    }
  }
  return lines;
}

/**
 * Where a deploy's time went, from hdev's log timestamps: save → api `Deploy (…)` → the new
 * web.1's `Starting process` → its `listening VERSION` line → `State changed from starting to
 * up` → the first answer with the new version (`servedAt`). Epoch ms; null where not found.
 */
export function deploySteps(log, savedAt, servedAt, version) {
  const find = (from, test) => log.find((l) => l.t >= from - 1 && test(l))?.t ?? null;
  const deployAt = find(savedAt, (l) => l.dyno === 'api' && l.message.startsWith('Deploy ('));
  const spawnAt =
    deployAt &&
    find(deployAt, (l) => l.dyno === 'web.1' && l.message.startsWith('Starting process'));
  const listenAt =
    spawnAt &&
    find(spawnAt, (l) => l.dyno === 'web.1' && l.message.startsWith(`listening ${version}`));
  const upAt =
    spawnAt &&
    find(spawnAt, (l) => l.dyno === 'web.1' && l.message === 'State changed from starting to up');
  const gap = (a, b) => (a === null || b === null || a === undefined ? null : b - a);
  return {
    watch: gap(savedAt, deployAt),
    spawn: gap(deployAt, spawnAt),
    boot: gap(spawnAt, listenAt),
    up: gap(listenAt, upAt),
    route: gap(upAt, servedAt),
  };
}

/**
 * `node web.mjs` (answering `version`) on its own, DEPLOY_BOOT_SPAWNS times: ms from spawn to
 * its `listening` line (`times`), and to its first answer (`answerTimes`) to a client that asks
 * every DEPLOY_POLL_MS, as the deploys' client asks the router: the end of the app's boot
 * measured the same way as the end of a deploy.
 */
export async function measureAppBoot(app, version) {
  const times = [];
  const answerTimes = [];
  let error;
  for (let i = 0; i < DEPLOY_BOOT_SPAWNS; i++) {
    const started = now();
    const child = spawn(process.execPath, ['web.mjs'], {
      cwd: app.dir,
      env: { ...process.env, PORT: String(DEPLOY_BOOT_PORT), HDEV_BENCH_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.on('error', () => {});
    active.add(child);
    let out = '';
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const answered = waitForVersion(
      `http://127.0.0.1:${DEPLOY_BOOT_PORT}/`,
      agent,
      version,
      now() + 10_000,
    );
    const listening = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), 10_000);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('listening')) {
          clearTimeout(timer);
          resolve(now());
        }
      });
      child.stderr.on('data', (chunk) => (out += chunk));
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(null);
      });
    });
    if (listening === null) error ??= `node web.mjs did not listen: ${lastLines(out, 3)}`;
    else times.push(listening - started);
    const answeredAt = await answered;
    agent.destroy();
    if (answeredAt === null) error ??= `node web.mjs did not answer: ${lastLines(out, 3)}`;
    else answerTimes.push(answeredAt - started);
    kill(child.pid, 'SIGTERM');
    if (!(await waitExit(child, 5_000))) kill(-child.pid, 'SIGKILL');
    active.delete(child);
  }
  return { times, answerTimes, error };
}

/** Starts `hdev start` for the deploy app with its output (--format json) in a file of WORK. */
export async function startDeployHdev(hdev, app, label, extra = []) {
  const how = {
    file: hdev.command[0],
    args: [
      ...hdev.command.slice(1),
      'start',
      ...extra,
      '-d',
      app.dir,
      '-p',
      String(DEPLOY_BASE_PORT),
      '--no-tui',
      '--no-router-logs',
      '--format',
      'json',
    ],
  };
  // Not in the app folder: hdev would see its own log grow and deploy it.
  const outFile = path.join(WORK, `deploy-${label}.out`);
  const errFile = path.join(WORK, `deploy-${label}.stderr`);
  const outFd = fs.openSync(outFile, 'w');
  const child = spawnTool(null, app, outFd, errFile, how);
  fs.closeSync(outFd);
  const outputTail = () => lastLines(readTail(errFile), 3) || lastLines(readTail(outFile), 3);
  const url = `http://127.0.0.1:${DEPLOY_BASE_PORT}/`;
  const error = await waitHttp(child, [url], outputTail);
  return { child, how, outFile, errFile, url, error, outputTail };
}

/**
 * Stops hdev with SIGTERM as a user would (SIGKILL to its group after 10 s) and counts, 200 ms
 * after it exited, the processes it had that are still alive; then cleans up.
 */
export async function stopDeployHdev(child) {
  const recorded = hasExited(child) ? [] : descendants(child.pid);
  const started = now();
  kill(child.pid, 'SIGTERM');
  const exited = await waitExit(child, STOP_GRACE_MS);
  const exitMs = exited ? now() - started : null;
  if (!exited) kill(-child.pid, 'SIGKILL');
  await waitExit(child, 2_000);
  await sleep(200);
  const survivors = recorded.filter(isLive).map((pid) => cmdline(pid));
  await cleanup(child, recorded);
  return { exitMs, exit: describeExit(child), processes: recorded.length, survivors };
}

export const versionName = (part, k) =>
  `${TOKEN.slice(0, 8)}-${part}-v${String(k).padStart(2, '0')}`;

/**
 * One deploy: save web.mjs with a new VERSION, wait for the router to answer it, for
 * `DEPLOY_STREAK` answers in a row, and for the release and the dynos to settle.
 */
export async function deployOnce(hdev, app, url, agent, version, afterVersion, web) {
  const deadline = now() + DEPLOY_DEADLINE_MS;
  const savedAt = now();
  const savedEpoch = epochNow();
  writeWeb(app, version);
  const servedAt = await waitForVersion(url, agent, version, deadline);
  const rec = {
    version,
    savedAt: savedEpoch,
    latencyMs: servedAt === null ? null : servedAt - savedAt,
    servedAt: servedAt === null ? null : savedEpoch + (servedAt - savedAt),
  };
  if (servedAt === null) {
    rec.error = `the router did not answer ${version} within ${DEPLOY_DEADLINE_MS / 1000} s`;
    return rec;
  }
  rec.streak = await waitForStreak(url, agent, version, DEPLOY_STREAK, deadline);
  const calls = hdevCliCalls;
  const out = await waitRolledOut(hdev, app, afterVersion, web, deadline);
  rec.settledMs = now() - savedAt;
  rec.cliCalls = hdevCliCalls - calls;
  rec.release = out.release;
  rec.dynos = out.dynos;
  rec.healthy = out.settled && healthyWeb(out.dynos, web);
  if (!out.settled) rec.error = `not settled within ${DEPLOY_DEADLINE_MS / 1000} s`;
  else if (out.release?.status !== 'succeeded')
    rec.error = `release v${out.release?.version} ${out.release?.status}: ${out.release?.failure}`;
  return rec;
}

export const deployLog = (label, k, rec, extra = '') =>
  log(
    `  ${label} ${k === 0 ? 'warm-up' : `deploy ${k}`}: ${rec.latencyMs === null ? 'not served' : `served after ${msInt(rec.latencyMs)}`}` +
      (rec.settledMs !== undefined
        ? `, settled ${msInt(rec.settledMs)} (${rec.cliCalls} hdev ps/releases runs)`
        : '') +
      (rec.release ? `, v${rec.release.version} ${rec.release.status}` : '') +
      (rec.dynos
        ? `, ${rec.dynos.map((d) => `${d.name} ${d.state} :${d.port} v${d.release}`).join(', ')}`
        : '') +
      extra +
      (rec.error ? `  ERROR: ${rec.error}` : ''),
  );

/** Part 1: web=1, one save at a time, time from the save until the router answers it. */
export async function deployLatency(hdev, app, deploys) {
  const result = { deploys: [], boot: null, error: undefined };
  const version = versionName('latency', 0);
  writeWeb(app, version);
  result.boot = await measureAppBoot(app, version);
  const boot = spread(result.boot.times);
  const answer = spread(result.boot.answerTimes);
  log(
    `  the app on its own (node web.mjs, ${DEPLOY_BOOT_SPAWNS} spawns): spawn → "listening" median ${msInt(boot.median)} (min ${msInt(boot.min)}, max ${msInt(boot.max)}), spawn → first answer median ${msInt(answer.median)}` +
      (result.boot.error ? `  ERROR: ${result.boot.error}` : ''),
  );
  const started = await startDeployHdev(hdev, app, 'latency');
  result.command = commandLine(started.how);
  log(`  ${result.command}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    if (started.error) throw new Error(started.error);
    await sleep(1_000); // hdev starts watching once the dynos are started: let it settle
    let lastRelease = 1;
    for (let k = 0; k <= deploys; k++) {
      const rec = await deployOnce(
        hdev,
        app,
        started.url,
        agent,
        versionName('latency', k + 1),
        lastRelease,
        1,
      );
      rec.warmUp = k === 0;
      result.deploys.push(rec);
      deployLog('latency', k, rec);
      if (rec.release) lastRelease = rec.release.version;
      if (rec.latencyMs === null) break;
      if (hasExited(started.child)) throw new Error(`hdev ${describeExit(started.child)}`);
      await sleep(DEPLOY_GAP_MS);
    }
  } catch (error) {
    result.error = String(error?.message ?? error);
  } finally {
    agent.destroy();
    result.stop = await stopDeployHdev(started.child);
  }
  const hdevLog = readJsonLog(started.outFile);
  for (const rec of result.deploys)
    if (rec.servedAt !== null)
      rec.steps = deploySteps(hdevLog, rec.savedAt, rec.servedAt, rec.version);
  return result;
}

/** Part 2: web=2 under DEPLOY_LOAD_LOOPS keep-alive request loops, `deploys` rollouts. */
export async function deployUnderLoad(hdev, app, deploys) {
  const result = { deploys: [], load: null, error: undefined };
  writeWeb(app, versionName('load', 0));
  const started = await startDeployHdev(hdev, app, 'load', [`web=${DEPLOY_LOAD_WEB}`]);
  result.command = commandLine(started.how);
  log(`  ${result.command}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let load;
  try {
    if (started.error) throw new Error(started.error);
    await sleep(1_000);
    const errFd = fs.openSync(path.join(WORK, 'deploy-load-client.stderr'), 'w');
    load = spawn(
      process.execPath,
      [path.join(FIXTURES, 'deploy-load.mjs'), started.url, String(DEPLOY_LOAD_LOOPS)],
      {
        cwd: WORK,
        env: { ...process.env, HDEV_BENCH_TOKEN: TOKEN },
        stdio: ['ignore', 'ignore', errFd, 'ipc'],
        detached: true,
      },
    );
    fs.closeSync(errFd);
    load.on('error', () => {});
    active.add(load);
    result.loadCommand = `node bench/fixtures/deploy-load.mjs ${started.url} ${DEPLOY_LOAD_LOOPS}`;
    log(`  load: ${result.loadCommand}`);
    await sleep(2_000); // some load before the first deploy
    let lastRelease = 1;
    for (let k = 0; k <= deploys; k++) {
      load.send({ type: 'window', open: true, deploy: k });
      const rec = await deployOnce(
        hdev,
        app,
        started.url,
        agent,
        versionName('load', k + 1),
        lastRelease,
        DEPLOY_LOAD_WEB,
      );
      load.send({ type: 'window', open: false });
      rec.warmUp = k === 0;
      result.deploys.push(rec);
      deployLog('under load', k, rec);
      if (rec.release) lastRelease = rec.release.version;
      if (rec.latencyMs === null) break;
      if (hasExited(started.child)) throw new Error(`hdev ${describeExit(started.child)}`);
      await sleep(DEPLOY_GAP_MS);
    }
  } catch (error) {
    result.error = String(error?.message ?? error);
  } finally {
    agent.destroy();
    if (load && !hasExited(load)) {
      const stats = new Promise((resolve) => {
        load.once('message', resolve);
        load.once('exit', () => resolve(null));
      });
      load.send({ type: 'stop' });
      result.load = await Promise.race([stats, sleep(15_000).then(() => null)]);
      // By its group only: the token sweep of cleanup() would take hdev down with it.
      if (!(await waitExit(load, 5_000))) kill(-load.pid, 'SIGKILL');
      active.delete(load);
    }
    result.finalDynos = (await hdevJson(hdev, app, ['ps', '--json'])) ?? undefined;
    result.stop = await stopDeployHdev(started.child);
  }
  // The dynos' crashes during the run, from hdev's log (a dyno that cannot bind its port).
  const hdevLog = readJsonLog(started.outFile);
  result.crashes = hdevLog.filter((l) => / to crashed$/.test(l.message)).length;
  result.addressInUse = hdevLog.filter(
    (l) => /EADDRINUSE/.test(l.message) && /^Error/.test(l.message),
  ).length;
  result.crashLines = hdevLog
    .filter((l) => / to crashed$/.test(l.message) || /^Error: listen EADDRINUSE/.test(l.message))
    .slice(0, 20)
    .map((l) => `${l.dyno}: ${l.message}`);
  return result;
}

export function kindsText(kinds) {
  const entries = Object.entries(kinds ?? {}).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([kind, n]) => `${n} × ${kind}`).join(', ') : 'none';
}

export async function benchDeploy(tools, opts) {
  const deploys = opts.deploys;
  // A save's burst ends after DEPLOY_BURST_QUIET_MS of quiet; DEPLOY_DEBOUNCE_MS applies to a
  // burst holding a file that keeps changing, which a single save never is.
  const debounceMs =
    watcherConstant('DEPLOY_BURST_QUIET_MS') ?? watcherConstant('DEPLOY_DEBOUNCE_MS');
  log(
    `\n## Deploys (hdev only): ${deploys} saves of web.mjs, save → new version served (web=1); then ${deploys} rollouts under load (web=${DEPLOY_LOAD_WEB}, ${DEPLOY_LOAD_LOOPS} keep-alive request loops)`,
  );
  const hdev = tools.hdev;
  const unavailable = !hdev ? 'not measured: hdev is not in --tools' : hdev.unavailable;
  const app = writeApp('deploy', ['web: node web.mjs']);
  let latency = { deploys: [], error: unavailable };
  let underLoad = { deploys: [], error: unavailable };
  if (unavailable) log(`  ${unavailable}`);
  else {
    log(
      `  debounce: a save's burst ends after ${debounceMs ?? '?'} ms of quiet (src/watch/watcher.ts); ${DEPLOY_GAP_MS / 1000} s between a rollout's end and the next save (restart-loop detector)`,
    );
    try {
      latency = await deployLatency(hdev, app, deploys);
    } catch (error) {
      latency = { deploys: [], error: String(error?.message ?? error) };
    }
    try {
      underLoad = await deployUnderLoad(hdev, app, deploys);
    } catch (error) {
      underLoad = { deploys: [], error: String(error?.message ?? error) };
    }
  }

  // Part 1: latency.
  const measured = latency.deploys.filter((d) => !d.warmUp);
  const lat = spread(measured.map((d) => d.latencyMs));
  const boot = spread(latency.boot?.times ?? []);
  const bootAnswer = spread(latency.boot?.answerTimes ?? []);
  // The app's boot ends as a deploy does: at its first answer to a client asking every
  // DEPLOY_POLL_MS (a fresh process answers its first request slowly, under hdev or not).
  const minusBoot =
    lat.median !== null && bootAnswer.median !== null ? lat.median - bootAnswer.median : null;
  const failedText = (r) => brief(r.error ?? 'failed');
  const latencyHeaders = ['measure', 'median', 'p90', 'max', 'min'];
  const row = (label, s) =>
    s.n === 0
      ? [label, failedText(latency), '–', '–', '–']
      : [label, msInt(s.median), msInt(s.p90), msInt(s.max), msInt(s.min)];
  const latencyRows = [
    row(`save → new version served through the router (${lat.n} deploys)`, lat),
    row(`the app on its own: node web.mjs, spawn → "listening" (${boot.n} spawns)`, boot),
    row(
      `the app's own boot: node web.mjs, spawn → first answer, asked every ${DEPLOY_POLL_MS} ms (${bootAnswer.n} spawns)`,
      bootAnswer,
    ),
    [
      "latency minus the app's boot to its first answer (median − median)",
      msInt(minusBoot),
      '–',
      '–',
      '–',
    ],
  ];
  const steps = ['watch', 'spawn', 'boot', 'up', 'route'];
  const stepSpread = Object.fromEntries(
    steps.map((s) => [s, spread(measured.map((d) => d.steps?.[s] ?? null))]),
  );
  const stepLabels = {
    watch: ['watch + debounce', 'save → api "Deploy (web.mjs)"'],
    spawn: ['release + spawn', '"Deploy" → new web.1 "Starting process"'],
    boot: ['app boot, seen by hdev', '"Starting process" → app\'s "listening" line'],
    up: ['up detection (listening table)', '"listening" → "State changed from starting to up"'],
    route: ['router switch + poll', '"up" → first answer with the new version'],
  };
  const stepsHeaders = ['step', 'from → to', 'median', 'p90', 'max'];
  const stepsRows = [
    ...steps.map((s) => [
      ...stepLabels[s],
      msInt(stepSpread[s].median),
      msInt(stepSpread[s].p90),
      msInt(stepSpread[s].max),
    ]),
    [
      'of which the debounce',
      'quiet that ends a save’s burst, src/watch/watcher.ts',
      debounceMs === null ? '?' : `${debounceMs} ms`,
      '(fixed)',
      '',
    ],
    [
      'total',
      'save → first answer with the new version',
      msInt(lat.median),
      msInt(lat.p90),
      msInt(lat.max),
    ],
  ];

  // Part 2: under load.
  const loadMeasured = underLoad.deploys.filter((d) => !d.warmUp);
  const l = underLoad.load;
  const settled = spread(loadMeasured.map((d) => d.settledMs));
  const served = spread(loadMeasured.map((d) => d.latencyMs));
  const perSecond = (bucket) =>
    bucket && bucket.ms > 0
      ? Math.round(bucket.requests / (bucket.ms / 1000)).toLocaleString('en-US')
      : '–';
  const loadHeaders = [
    'rollouts (web=2)',
    'releases succeeded',
    'requests',
    'failed',
    'failure kinds',
    'req/s during rollouts',
    'req/s between rollouts',
    'new version served (median)',
    'settled (median / max)',
    'both web dynos up on ports of their own, after the rollout',
    'dyno crashes (whole run)',
  ];
  const loadRow = l
    ? [
        `${loadMeasured.length} (+1 warm-up)`,
        `${loadMeasured.filter((d) => d.release?.status === 'succeeded').length} / ${loadMeasured.length}`,
        l.requests.toLocaleString('en-US'),
        l.failed.toLocaleString('en-US'),
        kindsText(l.kinds),
        perSecond(l.inRollouts),
        perSecond(l.betweenRollouts),
        msInt(served.median),
        `${msInt(settled.median)} / ${msInt(settled.max)}`,
        `${loadMeasured.filter((d) => d.healthy).length} / ${loadMeasured.length}`,
        `${underLoad.crashes ?? '–'}${underLoad.addressInUse ? ` (${underLoad.addressInUse} EADDRINUSE)` : ''}`,
      ]
    : [brief(underLoad.error ?? 'failed'), '–', '–', '–', '–', '–', '–', '–', '–', '–', '–'];
  if (l)
    log(
      `  load: ${l.requests} requests in ${(l.ms / 1000).toFixed(1)} s, ${l.failed} failed (${kindsText(l.kinds)}); in rollouts ${l.inRollouts.requests} requests in ${(l.inRollouts.ms / 1000).toFixed(1)} s; answers per version: ${Object.values(l.bodies).join(' ')}`,
    );
  if (l?.failures?.length)
    for (const f of l.failures.slice(0, 10))
      log(
        `    failure: ${f.kind} during deploy ${f.deploy ?? '(between)'}${f.reusedSocket ? ', reused socket' : ''}${f.body ? `: ${brief(f.body, 120)}` : ''}`,
      );
  if (underLoad.crashLines?.length)
    log(`  hdev's log, crashes: ${underLoad.crashLines.slice(0, 6).join(' | ')}`);
  for (const [label, r] of [
    ['latency', latency],
    ['under load', underLoad],
  ])
    if (r.stop)
      log(
        `  hdev (${label}) stopped with SIGTERM: ${r.stop.exit} after ${msInt(r.stop.exitMs)}, ${r.stop.survivors.length} of ${r.stop.processes} processes left` +
          (r.stop.survivors.length ? ` (${r.stop.survivors.join('; ')})` : ''),
      );
  log('\n' + table(latencyHeaders, latencyRows));
  log('\n' + table(stepsHeaders, stepsRows));
  log('\n' + table(loadHeaders, [loadRow]));
  return {
    params: {
      basePort: DEPLOY_BASE_PORT,
      deploys,
      warmUpDeploys: 1,
      pollMs: DEPLOY_POLL_MS,
      streak: DEPLOY_STREAK,
      gapMs: DEPLOY_GAP_MS,
      debounceMs,
      bootSpawns: DEPLOY_BOOT_SPAWNS,
      load: { web: DEPLOY_LOAD_WEB, loops: DEPLOY_LOAD_LOOPS },
    },
    results: {
      latency: {
        ...latency,
        spread: lat,
        bootSpread: boot,
        bootAnswerSpread: bootAnswer,
        minusBootMs: minusBoot,
        steps: stepSpread,
      },
      underLoad: { ...underLoad, settledSpread: settled, servedSpread: served },
    },
    tables: [
      {
        title: `save-to-serve latency, web=1, ${lat.n} deploys`,
        headers: latencyHeaders,
        rows: latencyRows,
      },
      {
        title: `where a deploy's time goes (web=1, from hdev's log timestamps)`,
        headers: stepsHeaders,
        rows: stepsRows,
      },
      {
        title: `failed requests during ${loadMeasured.length} rollouts under load, web=${DEPLOY_LOAD_WEB}, ${DEPLOY_LOAD_LOOPS} keep-alive request loops`,
        headers: loadHeaders,
        rows: [loadRow],
      },
    ],
  };
}
