// Benchmark 8: add-ons (hdev only; no peer runs add-ons). Time from spawning `hdev start` to the
// first 200 through the router, for:
//   - examples/addons (heroku-postgresql + heroku-redis, a psql migration in the release phase),
//     cold (a fresh data folder: initdb) and warm (the servers' data already there);
//   - a one-line web app with the same two add-ons in app.json, and the same app without them,
//     both warm: the difference is what the add-ons add to a warm start (the goal: <= 300 ms).
// Each configuration gets its own XDG_DATA_HOME under bench/.work/, removed afterwards with the
// add-ons' own `addons:destroy`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, WORK, lastLines, log, median, now, readTail, table } from '../lib/common.mjs';
import { httpStatus } from '../lib/http.mjs';
import { hasExited, describeExit, stopTool } from '../lib/processes.mjs';
import { hdevCommand, spawnTool } from '../lib/tools.mjs';

export const ADDONS_BASE_PORT = 27_600;
const ADDONS_DEADLINE_MS = 60_000;
/** hdev's goal: the add-ons add at most this much to a warm start. */
export const ADDONS_GOAL_MS = 300;

// CommonJS on purpose (`.cjs`): bench/.work/ sits under hdev's own package.json, which says ESM.
const TINY_WEB = `require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n`;

/** A scratch copy of an app: examples/addons, or the one-line web app with or without add-ons. */
function scratchApp(name, kind) {
  const dir = path.join(WORK, `addons-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  if (kind === 'example') {
    fs.cpSync(path.join(ROOT, 'examples', 'addons'), dir, { recursive: true });
    return dir;
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'web.cjs'), TINY_WEB);
  fs.writeFileSync(path.join(dir, 'Procfile'), 'web: node web.cjs\n');
  const addons = kind === 'tiny-addons' ? ['heroku-postgresql', 'heroku-redis'] : [];
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify({ name: `bench-${name}`, addons }));
  return dir;
}

/** Milliseconds from spawn to the first 200 from `/`, or why there was none. */
async function timeToFirstRequest(dir, dataHome, port, label) {
  const [file, ...args] = hdevCommand();
  const errFile = path.join(WORK, `addons-${label}.stderr`);
  const how = {
    file,
    args: [...args, 'start', '--no-watch', '--no-dashboard', '-p', String(port)],
    env: { XDG_DATA_HOME: dataHome },
  };
  const began = now();
  const child = spawnTool({ name: 'hdev' }, { dir }, 'ignore', errFile, how);
  try {
    for (;;) {
      if (hasExited(child))
        return { error: `${describeExit(child)}: ${lastLines(readTail(errFile), 3)}` };
      if (now() - began > ADDONS_DEADLINE_MS) return { error: 'no answer in 60 s' };
      if ((await httpStatus(`http://127.0.0.1:${port}/`, 1_000)) === 200)
        return { ms: now() - began };
    }
  } finally {
    await stopTool(child);
  }
}

function destroyAddons(dir, dataHome) {
  const [file, ...args] = hdevCommand();
  const name = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')).name;
  for (const addon of ['DATABASE', 'REDIS'])
    spawnSync(file, [...args, 'addons:destroy', addon, '--confirm', name], {
      cwd: dir,
      env: { ...process.env, XDG_DATA_HOME: dataHome },
      stdio: 'ignore',
      timeout: 30_000,
    });
  fs.rmSync(dataHome, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs `runs` starts of one configuration; the first is cold when `cold` is asked for. */
async function measure(name, kind, runs, port) {
  const dir = scratchApp(name, kind);
  const dataHome = path.join(WORK, `addons-${name}-data`);
  fs.rmSync(dataHome, { recursive: true, force: true });
  fs.mkdirSync(dataHome, { recursive: true, mode: 0o755 });
  const times = [];
  let error;
  try {
    for (let i = 0; i <= runs && error === undefined; i++) {
      const result = await timeToFirstRequest(dir, dataHome, port, `${name}-${i}`);
      if (result.error !== undefined) error = result.error;
      else times.push(result.ms);
    }
  } finally {
    if (kind !== 'tiny') destroyAddons(dir, dataHome);
    else {
      fs.rmSync(dataHome, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  // The first start creates the add-ons (initdb): it is the cold one; the rest are warm.
  const warm = times.slice(1);
  return { cold: times[0], warm: warm.length === 0 ? undefined : median(warm), error };
}

export async function benchAddons(_tools, opts) {
  const runs = opts.runs ?? 3;
  log(`\n## Add-ons: hdev start to the first request served, cold once and warm median of ${runs}`);
  const example = await measure('example', 'example', runs, ADDONS_BASE_PORT);
  const withAddons = await measure('tiny-addons', 'tiny-addons', runs, ADDONS_BASE_PORT + 20);
  const without = await measure('tiny', 'tiny', runs, ADDONS_BASE_PORT + 40);
  const ms = (value) => (value === undefined ? '–' : `${Math.round(value)} ms`);
  const addonCostMs =
    withAddons.warm !== undefined && without.warm !== undefined
      ? withAddons.warm - without.warm
      : undefined;
  const headers = ['app', 'cold (first start, initdb)', `warm (median of ${runs})`, 'error'];
  const rows = [
    ['examples/addons', ms(example.cold), ms(example.warm), example.error ?? ''],
    ['one-line web + 2 add-ons', ms(withAddons.cold), ms(withAddons.warm), withAddons.error ?? ''],
    ['one-line web, no add-ons', '–', ms(without.warm), without.error ?? ''],
    ['add-ons added to a warm start', '', ms(addonCostMs), ''],
  ];
  log(table(headers, rows));
  return { example, withAddons, without, addonCostMs, headers, rows };
}
