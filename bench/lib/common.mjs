// Paths, constants shared by the benchmarks, and small helpers (medians, tables, formatting)
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT = path.dirname(BENCH_DIR);
export const PEERS = path.join(BENCH_DIR, '.peers');
export const WORK = path.join(BENCH_DIR, '.work');
export const FIXTURES = path.join(BENCH_DIR, 'fixtures');
export const RESULTS_FILE = path.join(WORK, 'results.json');

export const TOKEN = randomUUID();
export const TOKEN_ENTRY = `HDEV_BENCH_TOKEN=${TOKEN}`;

export const ALL_BENCHMARKS = [
  'throughput',
  'startup',
  'idle',
  'shutdown',
  'router',
  'tui',
  'deploy',
  'addons',
  'slugs',
];
export const ALL_TOOLS = ['floor', 'hdev', 'nf', 'ruby'];
export const TOOL_LABELS = {
  floor: 'floor (no supervisor)',
  hdev: 'hdev',
  nf: 'node-foreman',
  ruby: 'Ruby foreman',
};

export const THROUGHPUT_TYPES = ['a', 'b', 'c', 'd'];
export const LINE_BYTES = 100;
export const FILL = Buffer.from('x'.repeat(LINE_BYTES - 11), 'latin1');
export const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
export const POLL_MS = 20;
export const THROUGHPUT_DEADLINE_MS = 120_000;
export const QUIET_MS = 1_500; // all generators done and no output growth for this long: the tool is done
export const STARTUP_DYNOS = 20;
export const STARTUP_DEADLINE_MS = 30_000;
export const STOP_GRACE_MS = 10_000;
export const SHUTDOWN_EXIT_DEADLINE_MS = 15_000;
export const SURVIVOR_CHECK_MS = 1_000;
// Below Linux's ephemeral range (32768–60999): a client socket in TIME_WAIT from an earlier
// benchmark must never hold a port a tool is about to listen on.
export const BASE_PORT = 25_100;

export const now = () => performance.now();
export const log = (...args) => console.log(...args);

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const secs = (ms) =>
  ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 2)} s`;
export const mib = (kib) =>
  kib === null || kib === undefined ? '–' : `${(kib / 1024).toFixed(1)} MiB`;

export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000, ...options });
  return {
    ok: result.status === 0 && !result.error,
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (result.error ? String(result.error.message) : ''),
  };
}

export function lastLines(text, n = 5) {
  return text.trim().split('\n').slice(-n).join(' | ');
}

export function readTail(file, bytes = 4096) {
  try {
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(Math.min(size, bytes));
    fs.readSync(fd, buf, 0, buf.length, size - buf.length);
    fs.closeSync(fd);
    return buf.toString('utf8');
  } catch {
    return '';
  }
}

export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** An error message short enough for a table cell (the full text is in results.json). */
export function brief(text, max = 90) {
  const t = String(text).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function markdownTable(headers, rows) {
  const esc = (c) => String(c).replaceAll('|', '\\|');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}
