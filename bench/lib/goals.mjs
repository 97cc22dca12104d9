// hdev's performance goals, each measured against the peers in the same run, and the table of
// the latest run that bench/README.md carries.
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from './common.mjs';

const README = path.join(BENCH_DIR, 'README.md');
const START = '<!-- bench:latest:start -->';
const END = '<!-- bench:latest:end -->';

const x = (value) => (typeof value === 'number' ? `${value.toFixed(2)}×` : '–');
const verdict = (ok) => (ok === null ? 'not measured' : ok ? 'met' : 'missed');
const known = (...values) => values.every((v) => typeof v === 'number');

/** One row per goal: [goal, hdev, peers, ratio, target, verdict]. */
export function goalRows(benchmarks) {
  const rows = [];
  const startup = benchmarks.startup?.results;
  {
    const h = startup?.hdev?.medianMs;
    const nf = startup?.nf?.medianMs;
    const ruby = startup?.ruby?.medianMs;
    const ratio = known(h, nf) ? h / nf : null;
    rows.push([
      'start-up, 20 dynos all running',
      known(h) ? `${Math.round(h)} ms` : '–',
      `node-foreman ${known(nf) ? `${Math.round(nf)} ms` : '–'}, Ruby foreman ${known(ruby) ? `${Math.round(ruby)} ms` : '–'}`,
      `${x(ratio)} node-foreman`,
      '≤ 0.8× node-foreman',
      verdict(ratio === null ? null : ratio <= 0.8),
    ]);
  }
  const router = benchmarks.router?.results;
  {
    const h = router?.['hdev-web1']?.paths?.['/small'];
    const bare = router?.bare?.paths?.['/small'];
    const nf = router?.nf?.paths?.['/small'];
    const us = (v) => (known(v) ? `${v.toFixed(0)} µs/req` : '–');
    const ok = known(h?.cpuVsBare, h?.rpsVsBare) ? h.cpuVsBare <= 1.2 && h.rpsVsBare >= 1 : null;
    rows.push([
      'router CPU per request, logs on (/small)',
      `${us(h?.cpuUsPerRequest)}, ${known(h?.rps) ? Math.round(h.rps) : '–'} req/s`,
      `bare proxy ${us(bare?.cpuUsPerRequest)}, ${known(bare?.rps) ? Math.round(bare.rps) : '–'} req/s; node-foreman ${us(nf?.cpuUsPerRequest)}`,
      `CPU ${x(h?.cpuVsBare)}, req/s ${x(h?.rpsVsBare)} bare`,
      'CPU ≤ 1.2×, req/s ≥ 1.0× bare proxy',
      verdict(ok),
    ]);
  }
  const deploy = benchmarks.deploy?.results;
  {
    const share = deploy?.latency?.minusBootMs;
    const failed = deploy?.underLoad?.load?.failed;
    const ok = known(share, failed) ? share <= 120 && failed === 0 : null;
    rows.push([
      'save → served, hdev’s share (minus the app’s boot to its first answer)',
      `${known(share) ? `${Math.round(share)} ms` : '–'}, ${known(failed) ? failed : '–'} failed requests in rollouts`,
      'no peer deploys',
      '–',
      '≤ 120 ms, 0 failed',
      verdict(ok),
    ]);
  }
  const through = benchmarks.throughput;
  for (const [label, results, target] of [
    ['log throughput, 1 dyno', through?.singleDyno, 1.8],
    ['log throughput, 4 dynos', through?.results, 1.15],
  ]) {
    const h = results?.hdev;
    const lost = h?.runs?.reduce((sum, r) => sum + (r.linesLost ?? 0) + (r.brokenLines ?? 0), 0);
    const peers = ['nf', 'ruby']
      .map((name) => results?.[name])
      .filter(Boolean)
      .map((r) => `${r.label} ${x(r.timesFloor)}`)
      .join(', ');
    const ok = known(h?.timesFloor, lost) ? h.timesFloor <= target && lost === 0 : null;
    rows.push([
      label,
      `${x(h?.timesFloor)} floor, ${known(lost) ? lost : '–'} lines lost or split`,
      peers || '–',
      `${x(h?.timesFloor)} floor`,
      `≤ ${target}× floor, 0 lost or split`,
      verdict(ok),
    ]);
  }
  const idle = benchmarks.idle?.results;
  {
    const h = idle?.hdev?.medianRssKiB;
    const mib = (kib) => (known(kib) ? `${(kib / 1024).toFixed(1)} MiB` : '–');
    rows.push([
      'memory, 10 idle dynos (the tool’s own processes)',
      mib(h),
      `node-foreman ${mib(idle?.nf?.medianRssKiB)}, Ruby foreman ${mib(idle?.ruby?.medianRssKiB)}`,
      '–',
      '≤ 50 MiB',
      verdict(known(h) ? h / 1024 <= 50 : null),
    ]);
  }
  const addons = benchmarks.addons;
  {
    const cost = addons?.addonCostMs;
    rows.push([
      'add-ons added to a warm start (Postgres + Redis)',
      known(cost) ? `${Math.round(cost)} ms` : '–',
      'no peer runs add-ons',
      '–',
      '≤ 300 ms',
      verdict(known(cost) ? cost <= 300 : null),
    ]);
  }
  return rows;
}

export const GOAL_HEADERS = ['goal', 'hdev', 'peers (same run)', 'ratio', 'target', 'verdict'];

/** Replaces the latest run's section of bench/README.md (between its markers) with `markdown`. */
export function writeReadme(markdown) {
  const text = fs.readFileSync(README, 'utf8');
  const block = `${START}\n\n${markdown.trim()}\n\n${END}`;
  const at = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    at !== -1 && end > at
      ? text.slice(0, at) + block + text.slice(end + END.length)
      : text.replace('\n## Results\n', `\n## Latest run\n\n${block}\n\n## Results\n`);
  fs.writeFileSync(README, next);
  return README;
}
