// Benchmark 4: HTTP router
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  FIXTURES,
  TOKEN,
  WORK,
  brief,
  lastLines,
  log,
  median,
  readTail,
  run,
  table,
} from '../lib/common.mjs';
import { waitHttp } from '../lib/http.mjs';
import {
  cmdline,
  cpuTimeMs,
  descendants,
  describeExit,
  hasExited,
  kill,
  stopTool,
} from '../lib/processes.mjs';
import {
  aptWithUpdate,
  commandLine,
  haveCommand,
  quote,
  spawnTool,
  writeApp,
} from '../lib/tools.mjs';

// Below Linux's default ephemeral range (32768–60999): a load run leaves thousands of client
// ports in TIME_WAIT (node-foreman's proxy opens a connection per request), and a dyno could
// not bind a port that is one of them.
export const ROUTER_BASE_PORT = 27_100;
export const ROUTER_PATHS = ['/small', '/64k'];
export const WRK_THREADS = 2;
export const WRK_CONNECTIONS = 32;
export const WRK_SECONDS = 4;
export const WRK_WARMUP_SECONDS = 1;
export const ROUTER_GOAL = { share: 0.7, addedP50Ms: 1 };
/** hdev's router, logs on, against the bare proxy: CPU per request and throughput. */
export const ROUTER_CPU_GOAL = { cpuRatio: 1.2, throughputRatio: 1 };

/**
 * The floor for a proxy: a bare keep-alive Node proxy, as a developer would write it in 25 lines
 * (no Heroku headers, no logs, no error pages). The bench writes it into bench/.work/.
 */
const BARE_PROXY = `// A bare keep-alive HTTP proxy: PROXY_PORT -> 127.0.0.1:PORT. Written by bench/scenarios/router.mjs.
import http from 'node:http';

const target = Number(process.env.PORT);
const agent = new http.Agent({ keepAlive: true });
const server = http.createServer((req, res) => {
  const upstream = http.request(
    { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers, agent },
    (reply) => {
      res.writeHead(reply.statusCode, reply.headers);
      reply.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PROXY_PORT), '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
`;

/** The bare proxy's file, written on first use. */
function bareProxyFile() {
  const file = path.join(WORK, 'bare-proxy.mjs');
  fs.writeFileSync(file, BARE_PROXY);
  return file;
}

/**
 * CPU time (ms) of the proxy: the tool's process and its descendants, without the dyno (the
 * fixture's web server) nor any shell around it. Null when the tool is gone.
 */
function proxyCpuMs(child) {
  const own = cpuTimeMs(child.pid);
  if (own === null) return null;
  let total = own;
  for (const pid of descendants(child.pid)) {
    if (cmdline(pid).includes('router-web.mjs')) continue;
    total += cpuTimeMs(pid) ?? 0;
  }
  return total;
}

/** wrk from PATH, or `apt-get install -y wrk` (with one `apt-get update` if that fails). */
export function ensureWrk() {
  if (!haveCommand('wrk')) {
    if (!haveCommand('apt-get')) throw new Error('skipped: no wrk and no apt-get on this machine');
    log('installing the load generator: apt-get install -y wrk');
    const res = aptWithUpdate(['install', '-y', '-q', 'wrk']);
    if (!res.ok || !haveCommand('wrk'))
      throw new Error(
        `skipped: could not install wrk: ${lastLines(res.stderr) || 'not on PATH after install'}`,
      );
  }
  const res = run('wrk', ['--version']); // prints its version and usage, exits with status 1
  return (
    (res.stdout + res.stderr)
      .split('\n')[0]
      .replace(/\s*Copyright.*$/, '')
      .trim() || 'wrk'
  );
}

export const WRK_UNITS_MS = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** { rps, p50Ms, p99Ms, requests, errors } from wrk's --latency output, or null. */
export function parseWrk(text) {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  const latency = (pct) => {
    const m = new RegExp(`^\\s*${pct}%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm').exec(text);
    return m ? Number(m[1]) * WRK_UNITS_MS[m[2]] : null;
  };
  if (!rps) return null;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const requests = /(\d+) requests in/.exec(text);
  return {
    rps: Number(rps[1]),
    p50Ms: latency(50),
    p99Ms: latency(99),
    requests: requests ? Number(requests[1]) : null,
    errors:
      (socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) +
      (non2xx ? Number(non2xx[1]) : 0),
  };
}

/** Runs wrk with keep-alive connections against `url`; resolves { ok, stdout, stderr }. */
export function wrk(url, seconds) {
  return new Promise((resolve) => {
    const child = spawn(
      'wrk',
      [`-t${WRK_THREADS}`, `-c${WRK_CONNECTIONS}`, `-d${seconds}s`, '--latency', url],
      { env: { ...process.env, HDEV_BENCH_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => kill(child.pid, 'SIGKILL'), (seconds + 20) * 1000);
    child.on('error', (error) => (stderr += String(error.message)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, stdout, stderr: signal ? `${stderr} (${signal})` : stderr });
    });
  });
}

/** The configurations measured, in the order they run: { key, label, tool, how, port, dynoPorts }. */
export function routerConfigs(tools, app) {
  const fixture = path.join(FIXTURES, 'router-web.mjs');
  const base = String(ROUTER_BASE_PORT);
  const dynoPort = ROUTER_BASE_PORT + 1;
  const configs = [
    {
      key: 'direct',
      label: 'direct to the dyno (no proxy)',
      how: { file: process.execPath, args: [fixture], env: { PORT: String(dynoPort) } },
      port: dynoPort,
      dynoPorts: [],
    },
  ];
  configs.push({
    key: 'bare',
    label: 'bare Node keep-alive proxy (25 lines)',
    how: {
      file: '/bin/sh',
      args: [
        '-c',
        `${quote(process.execPath)} ${quote(fixture)} & exec ${quote(process.execPath)} ${quote(bareProxyFile())}`,
      ],
      env: { PORT: String(dynoPort), PROXY_PORT: base },
    },
    port: ROUTER_BASE_PORT,
    dynoPorts: [dynoPort],
  });
  const hdev = tools.hdev;
  for (const [web, logs] of [
    [1, true],
    [1, false],
    [2, true],
  ]) {
    configs.push({
      key: `hdev-web${web}${logs ? '' : '-nolog'}`,
      label: `hdev router, web=${web}, router logs ${logs ? 'on' : 'off'}`,
      unavailable: hdev ? hdev.unavailable : undefined,
      skip: !hdev,
      how: hdev?.command && {
        file: hdev.command[0],
        args: [
          ...hdev.command.slice(1),
          'start',
          `web=${web}`,
          '-d',
          app.dir,
          '-p',
          base,
          '--format',
          'heroku',
          ...(logs ? [] : ['--no-router-logs']),
        ],
      },
      port: ROUTER_BASE_PORT,
      dynoPorts: Array.from({ length: web }, (_, i) => dynoPort + i),
    });
  }
  const nf = tools.nf;
  configs.push({
    key: 'nf',
    label: 'node-foreman proxy (nf -x), web=1',
    unavailable: nf ? nf.unavailable : undefined,
    skip: !nf,
    how: nf?.command && {
      file: nf.command[0],
      args: [
        ...nf.command.slice(1),
        'start',
        '-j',
        'Procfile',
        '-p',
        String(dynoPort),
        '-x',
        base,
        'web=1',
      ],
    },
    port: ROUTER_BASE_PORT,
    dynoPorts: [dynoPort],
  });
  return configs.filter((c) => !c.skip);
}

export async function measureRouterConfig(cfg, app, i) {
  const outFile = path.join(WORK, `router-${cfg.key}-${i}.out`);
  const errFile = path.join(WORK, `router-${cfg.key}-${i}.stderr`);
  const outputTail = () => lastLines(readTail(errFile), 3) || lastLines(readTail(outFile), 3);
  const outFd = fs.openSync(outFile, 'w');
  const child = spawnTool(null, app, outFd, errFile, cfg.how);
  fs.closeSync(outFd);
  const rec = { paths: {}, error: undefined };
  try {
    const dynoUrls = cfg.dynoPorts.map((p) => `http://127.0.0.1:${p}/small`);
    const url = (p) => `http://127.0.0.1:${cfg.port}${p}`;
    rec.error = (await waitHttp(child, [...dynoUrls, url('/small')], outputTail)) ?? undefined;
    if (!rec.error) {
      await wrk(url('/small'), WRK_WARMUP_SECONDS); // let the JIT settle; not counted
      for (const p of ROUTER_PATHS) {
        const cpuBefore = cfg.key === 'direct' ? null : proxyCpuMs(child);
        const res = await wrk(url(p), WRK_SECONDS);
        const cpuAfter = cfg.key === 'direct' ? null : proxyCpuMs(child);
        const parsed = parseWrk(res.stdout);
        if (parsed && cpuBefore !== null && cpuAfter !== null && parsed.requests)
          parsed.cpuUsPerRequest = ((cpuAfter - cpuBefore) * 1000) / parsed.requests;
        rec.paths[p] = parsed ?? {
          error: `wrk failed: ${lastLines(res.stderr || res.stdout, 2) || 'no output'}`,
        };
        if (hasExited(child)) {
          rec.error = `${describeExit(child)} during the load: ${outputTail() || 'no output'}`;
          break;
        }
      }
    }
  } finally {
    await stopTool(child);
  }
  return rec;
}

export const ms2 = (ms) => (ms === null || ms === undefined ? '–' : `${ms.toFixed(2)} ms`);

export async function benchRouter(tools, opts) {
  const runs = opts.runs ?? 2;
  log(
    `\n## HTTP router: wrk -t${WRK_THREADS} -c${WRK_CONNECTIONS} -d${WRK_SECONDS}s (keep-alive) on ${ROUTER_PATHS.join(' and ')}, direct and through each proxy, median of ${runs}`,
  );
  const app = writeApp('router', [`web: node ${quote(path.join(FIXTURES, 'router-web.mjs'))}`]);
  const configs = routerConfigs(tools, app);
  const results = {};
  let wrkVersion;
  let wrkError;
  try {
    wrkVersion = ensureWrk();
    log(`  load generator: ${wrkVersion}`);
  } catch (error) {
    wrkError = error.message;
    log(`  wrk: ${wrkError}`);
  }
  for (const cfg of configs) {
    results[cfg.key] = {
      label: cfg.label,
      command: cfg.how ? commandLine(cfg.how) : undefined,
      url: `http://127.0.0.1:${cfg.port}`,
      runs: [],
      error: wrkError ?? cfg.unavailable,
    };
    if (cfg.how) log(`  ${cfg.label}: ${commandLine(cfg.how)}  → port ${cfg.port}`);
  }
  // Runs are interleaved (direct, hdev, hdev web=2, nf, direct, ...), as in the start-up benchmark.
  for (let i = 1; i <= runs; i++) {
    for (const cfg of configs) {
      const result = results[cfg.key];
      if (result.error || result.stopped) continue;
      let rec;
      try {
        rec = await measureRouterConfig(cfg, app, i);
      } catch (error) {
        rec = { paths: {}, error: String(error?.message ?? error) };
      }
      result.runs.push(rec);
      log(
        `  ${cfg.label} run ${i}: ` +
          (ROUTER_PATHS.filter((p) => rec.paths[p])
            .map((p) => {
              const r = rec.paths[p];
              return r.error
                ? `${p} ERROR: ${r.error}`
                : `${p} ${Math.round(r.rps)} req/s, p50 ${ms2(r.p50Ms)}, p99 ${ms2(r.p99Ms)}` +
                    (r.errors ? `, ${r.errors} errors` : '');
            })
            .join('; ') || 'failed') +
          (rec.error ? `  ERROR: ${rec.error}` : ''),
      );
      if (rec.error && i === 1) result.stopped = true;
    }
  }
  for (const result of Object.values(results)) {
    result.paths = {};
    for (const p of ROUTER_PATHS) {
      const ok = result.runs.map((r) => r.paths[p]).filter((x) => x && !x.error);
      result.paths[p] = {
        rps: median(ok.map((x) => x.rps)),
        p50Ms: median(ok.map((x) => x.p50Ms)),
        p99Ms: median(ok.map((x) => x.p99Ms)),
        cpuUsPerRequest: median(ok.map((x) => x.cpuUsPerRequest)),
        errorsPerRun: ok.map((x) => x.errors),
      };
    }
  }
  const direct = results.direct;
  const bare = results.bare;
  for (const [key, result] of Object.entries(results)) {
    if (key === 'direct') continue;
    for (const p of ROUTER_PATHS) {
      const r = result.paths[p];
      const d = direct?.paths[p];
      const b = bare?.paths[p];
      r.cpuVsBare =
        typeof r.cpuUsPerRequest === 'number' && b?.cpuUsPerRequest
          ? r.cpuUsPerRequest / b.cpuUsPerRequest
          : null;
      r.rpsVsBare = r.rps !== null && b?.rps ? r.rps / b.rps : null;
      r.meetsCpuGoal =
        r.cpuVsBare === null || r.rpsVsBare === null
          ? null
          : r.cpuVsBare <= ROUTER_CPU_GOAL.cpuRatio &&
            r.rpsVsBare >= ROUTER_CPU_GOAL.throughputRatio;
      r.shareOfDirect = r.rps !== null && d?.rps ? r.rps / d.rps : null;
      r.addedP50Ms = r.p50Ms !== null && typeof d?.p50Ms === 'number' ? r.p50Ms - d.p50Ms : null;
      r.meetsGoal =
        r.shareOfDirect === null || r.addedP50Ms === null
          ? null
          : r.shareOfDirect >= ROUTER_GOAL.share && r.addedP50Ms < ROUTER_GOAL.addedP50Ms;
    }
  }

  const headers = [
    'configuration',
    'path',
    `req/s (median of ${runs})`,
    'p50',
    'p99',
    '% of direct',
    'added p50',
    'proxy CPU per request',
    'CPU vs bare proxy',
    'req/s vs bare proxy',
    `goal (CPU ≤ ${ROUTER_CPU_GOAL.cpuRatio}× bare, req/s ≥ bare; hdev web=1, logs on)`,
    'errors (per run)',
  ];
  const ratio = (x) => (x === null || x === undefined ? '–' : `${x.toFixed(2)}×`);
  const rows = [];
  for (const p of ROUTER_PATHS) {
    for (const [key, r] of Object.entries(results)) {
      const x = r.paths[p];
      const failed =
        r.error ??
        (x.rps === null
          ? `failed: ${r.runs.map((run) => run.paths[p]?.error ?? run.error).find(Boolean) ?? '?'}`
          : null);
      rows.push([
        r.label,
        p,
        failed ? brief(failed) : Math.round(x.rps).toLocaleString('en-US'),
        ms2(x.p50Ms),
        ms2(x.p99Ms),
        key === 'direct'
          ? x.rps === null
            ? '–'
            : '100 %'
          : x.shareOfDirect === null
            ? '–'
            : `${(x.shareOfDirect * 100).toFixed(1)} %`,
        key === 'direct'
          ? '–'
          : x.addedP50Ms === null
            ? '–'
            : `${x.addedP50Ms >= 0 ? '+' : ''}${x.addedP50Ms.toFixed(2)} ms`,
        typeof x.cpuUsPerRequest === 'number' ? `${x.cpuUsPerRequest.toFixed(1)} µs` : '–',
        key === 'direct' || key === 'bare' ? '–' : ratio(x.cpuVsBare),
        key === 'direct' || key === 'bare' ? '–' : ratio(x.rpsVsBare),
        key !== 'hdev-web1' || x.meetsCpuGoal === null ? '–' : x.meetsCpuGoal ? 'met' : 'missed',
        x.errorsPerRun.length ? x.errorsPerRun.join(' / ') : '–',
      ]);
    }
  }
  log('\n' + table(headers, rows));
  return {
    params: {
      wrk: wrkVersion ?? wrkError,
      threads: WRK_THREADS,
      connections: WRK_CONNECTIONS,
      seconds: WRK_SECONDS,
      warmupSeconds: WRK_WARMUP_SECONDS,
      paths: { '/small': 13, '/64k': 65_536 },
      basePort: ROUTER_BASE_PORT,
      goal: ROUTER_GOAL,
      cpuGoal: ROUTER_CPU_GOAL,
      runs,
    },
    results,
    headers,
    rows,
  };
}
