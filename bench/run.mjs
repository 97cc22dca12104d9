#!/usr/bin/env node
// Benchmarks hdev against its peers, node-foreman (`nf`) and Ruby foreman, in one run on one
// machine. See bench/README.md for what each benchmark measures.
//
//   node bench/run.mjs [throughput] [startup] [shutdown] [router] [tui] [deploy]
//                      [--tools floor,hdev,nf,ruby] [--runs N] [--lines N] [--sigint-group]
//                      [--flood-seconds N] [--deploys N] [--keep]
//
// Plain Node (no dependencies). Peers are installed into bench/.peers/ on first use (the router
// benchmark's load generator, wrk, and the terminal UI benchmark's terminal, tmux, with apt-get
// when they are not on PATH); scratch apps, logs and results.json go to bench/.work/. Every
// process the benchmark starts is killed before it moves on: by pid, by the tool's process group,
// or (as a last sweep) by a token placed in the environment of everything it starts or a working
// folder under bench/.work/; the UI benchmark's private tmux servers are stopped with
// `tmux -L NAME kill-server`.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
const PEERS = path.join(BENCH_DIR, '.peers');
const WORK = path.join(BENCH_DIR, '.work');
const FIXTURES = path.join(BENCH_DIR, 'fixtures');
const RESULTS_FILE = path.join(WORK, 'results.json');

const TOKEN = randomUUID();
const TOKEN_ENTRY = `HDEV_BENCH_TOKEN=${TOKEN}`;

const ALL_BENCHMARKS = ['throughput', 'startup', 'shutdown', 'router', 'tui', 'deploy'];
const ALL_TOOLS = ['floor', 'hdev', 'nf', 'ruby'];
const TOOL_LABELS = {
  floor: 'floor (no supervisor)',
  hdev: 'hdev',
  nf: 'node-foreman',
  ruby: 'Ruby foreman',
};

const THROUGHPUT_TYPES = ['a', 'b', 'c', 'd'];
const LINE_BYTES = 100;
const FILL = Buffer.from('x'.repeat(LINE_BYTES - 11), 'latin1');
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const POLL_MS = 20;
const THROUGHPUT_DEADLINE_MS = 120_000;
const QUIET_MS = 1_500; // all generators done and no output growth for this long: the tool is done
const STARTUP_DYNOS = 20;
const STARTUP_DEADLINE_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const SHUTDOWN_EXIT_DEADLINE_MS = 15_000;
const SURVIVOR_CHECK_MS = 1_000;
// Below Linux's ephemeral range (32768–60999): a client socket in TIME_WAIT from an earlier
// benchmark must never hold a port a tool is about to listen on.
const BASE_PORT = 25_100;

// ---------------------------------------------------------------------------------------------
// Command line

function usage() {
  return `usage: node bench/run.mjs [${ALL_BENCHMARKS.join('] [')}] [options]

benchmarks (default: all; "memory" is measured during throughput; tui and deploy measure hdev only)
options:
  --tools LIST      comma-separated, from ${ALL_TOOLS.join(',')} (default: all)
  --runs N          runs per tool for every benchmark (default: throughput 3, startup 5,
                    shutdown 3, router 2, tui 3 per mode; the tui flood runs once)
  --lines N         lines per generator in the throughput and tui benchmarks (default 200000)
  --sigint-group    shutdown: send SIGINT to the tool's whole process group, as a terminal's
                    Ctrl-C does, instead of to the tool's pid only
  --flood-seconds N tui: length of the log flood under the UI (default 60)
  --deploys N       deploy: saves measured in each of its two parts, after one warm-up
                    (default 20; --runs does not apply)
  --keep            keep the throughput output files in bench/.work/
environment:
  HDEV_BIN          how to run hdev (default: "node bin/hdev", relative to the repository root)`;
}

function parseArgs(argv) {
  const opts = {
    benchmarks: [],
    tools: ALL_TOOLS,
    runs: undefined,
    lines: 200_000,
    sigintGroup: false,
    floodSeconds: 60,
    deploys: 20,
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '-h' || arg === '--help') {
      console.log(usage());
      process.exit(0);
    } else if (arg.startsWith('--tools')) {
      opts.tools = value()
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      for (const t of opts.tools) if (!ALL_TOOLS.includes(t)) throw new Error(`unknown tool ${t}`);
    } else if (arg.startsWith('--runs')) {
      opts.runs = positiveInt(value(), '--runs');
    } else if (arg.startsWith('--lines')) {
      opts.lines = positiveInt(value(), '--lines');
      if (opts.lines > 9_999_999) throw new Error('--lines is at most 9999999');
    } else if (arg.startsWith('--deploys')) {
      opts.deploys = positiveInt(value(), '--deploys');
    } else if (arg.startsWith('--flood-seconds')) {
      opts.floodSeconds = positiveInt(value(), '--flood-seconds');
    } else if (arg === '--sigint-group') {
      opts.sigintGroup = true;
    } else if (arg === '--keep') {
      opts.keep = true;
    } else if (arg === 'memory') {
      if (!opts.benchmarks.includes('throughput')) opts.benchmarks.push('throughput');
    } else if (ALL_BENCHMARKS.includes(arg)) {
      if (!opts.benchmarks.includes(arg)) opts.benchmarks.push(arg);
    } else {
      throw new Error(`unknown argument ${arg}\n\n${usage()}`);
    }
  }
  if (opts.benchmarks.length === 0) opts.benchmarks = [...ALL_BENCHMARKS];
  return opts;
}

function positiveInt(text, name) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const now = () => performance.now();
const log = (...args) => console.log(...args);

function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const secs = (ms) =>
  ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 2)} s`;
const mib = (kib) => (kib === null || kib === undefined ? '–' : `${(kib / 1024).toFixed(1)} MiB`);

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000, ...options });
  return {
    ok: result.status === 0 && !result.error,
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (result.error ? String(result.error.message) : ''),
  };
}

function lastLines(text, n = 5) {
  return text.trim().split('\n').slice(-n).join(' | ');
}

function readTail(file, bytes = 4096) {
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

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** An error message short enough for a table cell (the full text is in results.json). */
function brief(text, max = 90) {
  const t = String(text).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function markdownTable(headers, rows) {
  const esc = (c) => String(c).replaceAll('|', '\\|');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Processes: /proc reading, cleanup

/** { pid, ppid, pgrp, state, comm } from /proc/PID/stat, or null when the process is gone. */
function readStat(pid) {
  let text;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  return { pid, state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]), comm };
}

function listPids() {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Every descendant of `rootPid` (not itself), found by walking ppid links in /proc. */
function descendants(rootPid) {
  const children = new Map();
  for (const pid of listPids()) {
    const stat = readStat(pid);
    if (!stat) continue;
    if (!children.has(stat.ppid)) children.set(stat.ppid, []);
    children.get(stat.ppid).push(pid);
  }
  const found = [];
  const queue = [rootPid];
  while (queue.length > 0 && found.length < 10_000) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function isLive(pid) {
  const stat = readStat(pid);
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

function cmdline(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return text.replaceAll(FIXTURES + '/', '').slice(0, 80);
  } catch {
    return '?';
  }
}

function kill(target, signal) {
  try {
    process.kill(target, signal);
    return true;
  } catch {
    return false;
  }
}

/** A `/proc/PID/status` memory figure in KiB (VmHWM: peak resident set; VmRSS: current). */
function procStatusKiB(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

const vmHWM = (pid) => procStatusKiB(pid, 'VmHWM');

let clockTicks;
/** CPU time (user + system) a process has used so far, in ms, from `/proc/PID/stat`. */
function cpuTimeMs(pid) {
  clockTicks ??= Number(run('getconf', ['CLK_TCK']).stdout.trim()) || 100;
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks; // utime, stime
  } catch {
    return null;
  }
}

/** Processes this run started that are still alive: the token is in their environment, or they
 * run in a scratch app folder. Used as the last safety net after each measurement. */
function leftovers() {
  const found = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    let ours = false;
    try {
      ours = fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(TOKEN_ENTRY);
    } catch {
      // kernel thread or gone
    }
    if (!ours) {
      try {
        ours = fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(WORK + path.sep);
      } catch {
        // gone or not readable
      }
    }
    if (ours && isLive(pid)) found.push(pid);
  }
  return found;
}

const active = new Set(); // tool processes currently running, for cleanup on interruption

/** SIGKILL the tool's process group, then every recorded pid still alive, then any leftover. */
async function cleanup(child, recorded = []) {
  if (child?.pid) kill(-child.pid, 'SIGKILL');
  for (const pid of recorded) if (isLive(pid)) kill(pid, 'SIGKILL');
  for (let round = 0; round < 5; round++) {
    const rest = leftovers();
    if (rest.length === 0) break;
    for (const pid of rest) kill(pid, 'SIGKILL');
    await sleep(50);
  }
  if (child) active.delete(child);
}

function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true when `child` exits within `ms`, false otherwise (no timer left behind). */
function waitExit(child, ms) {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(hasExited(child));
    }, ms);
    child.once('exit', onExit);
  });
}

/** Stop a tool as a user would: SIGTERM, then SIGKILL its group after 10 s; then clean up. */
async function stopTool(child) {
  const recorded = child.exitCode === null ? descendants(child.pid) : [];
  kill(child.pid, 'SIGTERM');
  if (!(await waitExit(child, STOP_GRACE_MS))) kill(-child.pid, 'SIGKILL');
  await waitExit(child, 2_000);
  await cleanup(child, recorded);
}

function describeExit(child) {
  return child.signalCode
    ? `killed by ${child.signalCode}`
    : `exited with status ${child.exitCode}`;
}

// ---------------------------------------------------------------------------------------------
// Tools and peers

function hdevCommand() {
  const words = (process.env.HDEV_BIN ?? 'node bin/hdev').trim().split(/\s+/);
  return words.map((word) => {
    if (word.startsWith('-') || path.isAbsolute(word) || !word.includes('/')) return word;
    const resolved = path.resolve(ROOT, word);
    return fs.existsSync(resolved) ? resolved : word;
  });
}

function versionOf(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch {
    return undefined;
  }
}

function installNodeForeman() {
  const dir = path.join(PEERS, 'npm');
  const entry = path.join(dir, 'node_modules', 'foreman', 'nf.js');
  if (!fs.existsSync(entry)) {
    log('installing node-foreman: npm install --prefix bench/.peers/npm foreman@3');
    fs.mkdirSync(dir, { recursive: true });
    const res = run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', 'foreman@3']);
    if (!res.ok || !fs.existsSync(entry))
      throw new Error(`npm install failed: ${lastLines(res.stderr)}`);
  }
  const version = versionOf(path.join(dir, 'node_modules', 'foreman', 'package.json'));
  return { command: [process.execPath, entry], version: `foreman ${version} (nf)` };
}

function haveCommand(cmd) {
  return run('sh', ['-c', `command -v ${cmd}`]).ok;
}

function aptGet(args) {
  return run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

let aptUpdated = false;
/** Run an apt-get command; on failure, `apt-get update` once and retry. */
function aptWithUpdate(args, cwd) {
  let res = run('apt-get', args, {
    cwd,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!res.ok && !aptUpdated) {
    aptUpdated = true;
    const update = aptGet(['update', '-q']);
    if (!update.ok) return update;
    res = run('apt-get', args, { cwd, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return res;
}

function findForemanGem(debRoot) {
  const gems = path.join(debRoot, 'usr', 'share', 'rubygems-integration', 'all', 'gems');
  let names;
  try {
    names = fs.readdirSync(gems);
  } catch {
    return null;
  }
  const name = names
    .filter((n) => /^foreman-\d/.test(n))
    .sort()
    .pop();
  return name ? { dir: path.join(gems, name), version: name.slice('foreman-'.length) } : null;
}

/** Load-path folders of the unpacked Debian packages (thor, in case a build does not vendor it). */
function rubyLibDirs(debRoot) {
  const dirs = [path.join(debRoot, 'usr', 'lib', 'ruby', 'vendor_ruby')];
  const gems = path.join(debRoot, 'usr', 'share', 'rubygems-integration', 'all', 'gems');
  try {
    for (const name of fs.readdirSync(gems))
      if (/^thor-\d/.test(name)) dirs.push(path.join(gems, name, 'lib'));
  } catch {
    // no gems folder
  }
  return dirs.filter((d) => fs.existsSync(d));
}

function installRubyForeman() {
  if (!haveCommand('apt-get') && !haveCommand('ruby'))
    throw new Error('skipped: no ruby and no apt-get on this machine');
  if (!haveCommand('ruby')) {
    log('installing the Ruby interpreter: apt-get install -y ruby');
    const res = aptWithUpdate(['install', '-y', '-q', 'ruby']);
    if (!res.ok || !haveCommand('ruby'))
      throw new Error(`skipped: could not install ruby: ${lastLines(res.stderr)}`);
  }
  const debRoot = path.join(PEERS, 'deb');
  let gem = findForemanGem(debRoot);
  if (!gem) {
    if (!haveCommand('apt-get') || !haveCommand('dpkg'))
      throw new Error('skipped: apt-get/dpkg not available');
    const downloads = path.join(PEERS, 'deb-download');
    fs.mkdirSync(downloads, { recursive: true });
    log(
      'installing Ruby foreman: apt-get download ruby-foreman ruby-thor; dpkg -x into bench/.peers/deb',
    );
    const res = aptWithUpdate(['download', 'ruby-foreman', 'ruby-thor'], downloads);
    if (!res.ok) throw new Error(`skipped: apt-get download failed: ${lastLines(res.stderr)}`);
    for (const deb of fs.readdirSync(downloads).filter((f) => f.endsWith('.deb'))) {
      const x = run('dpkg', ['-x', path.join(downloads, deb), debRoot]);
      if (!x.ok) throw new Error(`dpkg -x ${deb} failed: ${lastLines(x.stderr)}`);
    }
    gem = findForemanGem(debRoot);
    if (!gem) throw new Error('skipped: ruby-foreman unpacked but no foreman gem found');
  }
  const rubyVersion = run('ruby', ['-e', 'print RUBY_VERSION']).stdout;
  const libs = rubyLibDirs(debRoot);
  return {
    command: ['ruby', ...libs.flatMap((d) => ['-I', d]), path.join(gem.dir, 'bin', 'foreman')],
    version: `foreman ${gem.version} (Debian ruby-foreman, Ruby ${rubyVersion})`,
  };
}

/**
 * How to start each tool for an app: { file, args, cwd }. Every tool runs in the app folder
 * with the app's Procfile and .env, and its dynos' ports start at BASE_PORT.
 */
function prepareTools(toolNames) {
  const tools = {};
  for (const name of toolNames) {
    if (name === 'floor') {
      tools.floor = {
        name,
        label: TOOL_LABELS.floor,
        version: `node ${process.version}`,
        floor: true,
      };
      continue;
    }
    try {
      if (name === 'hdev') {
        const cmd = hdevCommand();
        tools.hdev = {
          name,
          label: TOOL_LABELS.hdev,
          command: cmd,
          version: `hdev ${versionOf(path.join(ROOT, 'package.json'))} (${cmd.join(' ').replace(ROOT + '/', '')})`,
          start: (app) => ({
            file: cmd[0],
            args: [
              ...cmd.slice(1),
              'start',
              '-d',
              app.dir,
              '--format',
              'heroku',
              '-p',
              String(BASE_PORT),
            ],
          }),
        };
      } else if (name === 'nf') {
        const nf = installNodeForeman();
        tools.nf = {
          name,
          label: TOOL_LABELS.nf,
          version: nf.version,
          command: nf.command,
          start: () => ({
            file: nf.command[0],
            args: [...nf.command.slice(1), 'start', '-j', 'Procfile', '-p', String(BASE_PORT)],
          }),
        };
      } else if (name === 'ruby') {
        const rf = installRubyForeman();
        tools.ruby = {
          name,
          label: TOOL_LABELS.ruby,
          version: rf.version,
          start: (app) => ({
            file: rf.command[0],
            args: [
              ...rf.command.slice(1),
              'start',
              '-f',
              path.join(app.dir, 'Procfile'),
              '-d',
              app.dir,
              '-p',
              String(BASE_PORT),
            ],
          }),
        };
      }
    } catch (error) {
      tools[name] = { name, label: TOOL_LABELS[name], unavailable: error.message };
    }
  }
  return tools;
}

/** Starts `tool` for `app` (or the command `how`: { file, args, env }) in a process group of
 * its own, with the run's token in its environment. */
function spawnTool(tool, app, stdout, stderrFile, how = tool.start(app)) {
  const { file, args, env } = how;
  const errFd = fs.openSync(stderrFile, 'w');
  const child = spawn(file, args, {
    cwd: app.dir,
    env: { ...process.env, ...env, HDEV_BENCH_TOKEN: TOKEN },
    stdio: ['ignore', stdout, errFd],
    detached: true, // its own process group, so it can be cleaned up as a whole
  });
  fs.closeSync(errFd);
  child.on('error', () => {}); // reported through the exit code / stderr file
  active.add(child);
  return child;
}

// ---------------------------------------------------------------------------------------------
// Apps

function quote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function writeApp(name, procfileLines) {
  const dir = path.join(WORK, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'Procfile'), procfileLines.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, '.env'), 'BENCH_APP=' + name + '\n');
  return { name, dir };
}

// ---------------------------------------------------------------------------------------------
// Benchmark 1: log throughput (and memory)

/** Counts generator lines in a tool's output, incrementally, whatever prefix the tool adds. */
class LineCounter {
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
class FileFollower {
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

function throughputApp(lines) {
  const gen = path.join(FIXTURES, 'gen.mjs');
  const doneDir = path.join(WORK, 'throughput-done');
  const app = writeApp(
    'throughput',
    THROUGHPUT_TYPES.map(
      (t) => `${t}: node ${quote(gen)} ${t} ${lines} ${quote(path.join(doneDir, t))}; sleep 3600`,
    ),
  );
  return { ...app, gen, doneDir };
}

function resetDone(app) {
  fs.rmSync(app.doneDir, { recursive: true, force: true });
  fs.mkdirSync(app.doneDir, { recursive: true });
}

async function throughputFloor(app, lines, outFile) {
  resetDone(app);
  const fd = fs.openSync(outFile, 'a');
  fs.ftruncateSync(fd, 0);
  const started = now();
  const children = THROUGHPUT_TYPES.map((t) =>
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
  const counter = new LineCounter(THROUGHPUT_TYPES, lines);
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
async function throughputTool(tool, app, lines, outFile, errFile, { how, waitDone = false } = {}) {
  resetDone(app);
  const expected = THROUGHPUT_TYPES.length * lines;
  const doneFiles = THROUGHPUT_TYPES.map((t) => path.join(app.doneDir, t));
  const outFd = fs.openSync(outFile, 'w');
  const counter = new LineCounter(THROUGHPUT_TYPES, lines);
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

async function benchThroughput(tools, opts) {
  const runs = opts.runs ?? 3;
  const lines = opts.lines;
  const expected = THROUGHPUT_TYPES.length * lines;
  log(
    `\n## Log throughput: ${THROUGHPUT_TYPES.length} dynos × ${lines.toLocaleString('en-US')} lines of ${LINE_BYTES} bytes, median of ${runs}`,
  );
  const app = throughputApp(lines);
  const results = {};
  for (const tool of Object.values(tools)) {
    const result = (results[tool.name] = { label: tool.label, runs: [] });
    if (tool.unavailable) {
      result.error = tool.unavailable;
      log(`${tool.label}: ${tool.unavailable}`);
      continue;
    }
    for (let i = 1; i <= runs; i++) {
      const outFile = path.join(WORK, `throughput-${tool.name}-${i}.out`);
      const errFile = path.join(WORK, `throughput-${tool.name}-${i}.stderr`);
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
        error: r.error,
      };
      result.runs.push(runResult);
      if (!opts.keep) fs.rmSync(outFile, { force: true });
      log(
        `  ${tool.label} run ${i}: ${secs(runResult.ms)}, lost ${runResult.linesLost ?? '–'}` +
          (runResult.brokenLines
            ? `, ${runResult.brokenLines} output lines held part of a generator line`
            : '') +
          (runResult.duplicateLines ? `, ${runResult.duplicateLines} duplicates` : '') +
          (runResult.peakRssKiB ? `, peak RSS ${mib(runResult.peakRssKiB)}` : '') +
          (runResult.error ? `  ERROR: ${runResult.error}` : ''),
      );
      if (runResult.ms === null && i === 1) break; // a tool that cannot do it once will not do it thrice
    }
    result.medianMs = median(result.runs.map((r) => r.ms));
    result.peakRssKiB = Math.max(0, ...result.runs.map((r) => r.peakRssKiB ?? 0)) || null;
  }
  const floorMs = results.floor?.medianMs ?? null;
  for (const r of Object.values(results))
    r.timesFloor = floorMs && r.medianMs !== null ? r.medianMs / floorMs : null;

  const headers = [
    'tool',
    `wall time (median of ${runs})`,
    '× floor',
    'lines lost (per run)',
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
    r.timesFloor ? `${r.timesFloor.toFixed(1)}×` : '–',
    r.runs.length ? r.runs.map((x) => x.linesLost ?? '–').join(' / ') : '–',
    mib(r.peakRssKiB),
  ]);
  log('\n' + table(headers, rows));
  return {
    params: { dynos: THROUGHPUT_TYPES.length, linesPerDyno: lines, lineBytes: LINE_BYTES, runs },
    results,
    headers,
    rows,
  };
}

// ---------------------------------------------------------------------------------------------
// Benchmark 2: start-up

/** Collects `READY-name` markers from a tool's stdout pipe; keeps draining it until it closes. */
function watchMarkers(child) {
  const seen = new Map(); // name -> ms since watch started
  const started = now();
  let carry = '';
  let waiter = null;
  child.stdout.on('data', (chunk) => {
    const text = carry + chunk.toString('latin1');
    for (const match of text.matchAll(/READY-([a-z0-9]+)/g)) {
      if (!seen.has(match[1])) seen.set(match[1], now() - started);
    }
    carry = text.slice(-24);
    waiter?.();
  });
  return {
    seen,
    /** Resolves with the time the last of `names` appeared, or null at the deadline / on exit. */
    async all(names, deadlineMs) {
      const deadline = started + deadlineMs;
      while (now() < deadline) {
        if (names.every((n) => seen.has(n))) return Math.max(...names.map((n) => seen.get(n)));
        if (hasExited(child)) return null;
        await Promise.race([
          new Promise((resolve) => (waiter = resolve)),
          sleep(Math.max(1, Math.min(100, deadline - now()))),
        ]);
        waiter = null;
      }
      return names.every((n) => seen.has(n)) ? Math.max(...names.map((n) => seen.get(n))) : null;
    },
  };
}

async function benchStartup(tools, opts) {
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

// ---------------------------------------------------------------------------------------------
// Benchmark 3: shutdown

const SHUTDOWN_DYNOS = [
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

async function settledDescendants(pid) {
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

async function benchShutdown(tools, opts) {
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

function summarize(commands) {
  const counts = new Map();
  for (const c of commands) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => (n > 1 ? `${n} ${c}` : c)).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Benchmark 4: HTTP router

// Below Linux's default ephemeral range (32768–60999): a load run leaves thousands of client
// ports in TIME_WAIT (node-foreman's proxy opens a connection per request), and a dyno could
// not bind a port that is one of them.
const ROUTER_BASE_PORT = 27_100;
const ROUTER_PATHS = ['/small', '/64k'];
const WRK_THREADS = 2;
const WRK_CONNECTIONS = 32;
const WRK_SECONDS = 4;
const WRK_WARMUP_SECONDS = 1;
const ROUTER_UP_DEADLINE_MS = 30_000;
const ROUTER_GOAL = { share: 0.7, addedP50Ms: 1 };

/** wrk from PATH, or `apt-get install -y wrk` (with one `apt-get update` if that fails). */
function ensureWrk() {
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

const WRK_UNITS_MS = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** { rps, p50Ms, p99Ms, requests, errors } from wrk's --latency output, or null. */
function parseWrk(text) {
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
function wrk(url, seconds) {
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

/** The status of one GET (a fresh connection), or null on error or after `timeoutMs`. */
function httpStatus(url, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** Waits until every URL answers 200 (dynos first, then the proxy); null, or why not. */
async function waitHttp(child, urls, outputTail) {
  const deadline = now() + ROUTER_UP_DEADLINE_MS;
  for (const url of urls) {
    for (;;) {
      if (hasExited(child)) return `${describeExit(child)}: ${outputTail() || 'no output'}`;
      if (now() > deadline) return `${url} did not answer 200 in ${ROUTER_UP_DEADLINE_MS / 1000} s`;
      if ((await httpStatus(url, 1_000)) === 200) break;
      await sleep(50);
    }
  }
  return null;
}

/** The configurations measured, in the order they run: { key, label, tool, how, port, dynoPorts }. */
function routerConfigs(tools, app) {
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
  const hdev = tools.hdev;
  for (const web of [1, 2]) {
    configs.push({
      key: `hdev-web${web}`,
      label: `hdev router, web=${web}`,
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
          '--no-router-logs',
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

/** Shows a command line the way a user would type it, with paths relative to the repository. */
function commandLine({ file, args, env }) {
  const words = [file === process.execPath ? 'node' : file, ...args].map((w) =>
    w.startsWith(ROOT + '/') ? path.relative(ROOT, w) : w,
  );
  const prefix = Object.entries(env ?? {}).map(([k, v]) => `${k}=${v} `);
  return prefix.join('') + words.join(' ');
}

async function measureRouterConfig(cfg, app, i) {
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
        const res = await wrk(url(p), WRK_SECONDS);
        const parsed = parseWrk(res.stdout);
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

const ms2 = (ms) => (ms === null || ms === undefined ? '–' : `${ms.toFixed(2)} ms`);

async function benchRouter(tools, opts) {
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
        errorsPerRun: ok.map((x) => x.errors),
      };
    }
  }
  const direct = results.direct;
  for (const [key, result] of Object.entries(results)) {
    if (key === 'direct') continue;
    for (const p of ROUTER_PATHS) {
      const r = result.paths[p];
      const d = direct?.paths[p];
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
    `goal (≥ ${ROUTER_GOAL.share * 100} %, < ${ROUTER_GOAL.addedP50Ms} ms)`,
    'errors (per run)',
  ];
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
        key === 'direct' || x.meetsGoal === null ? '–' : x.meetsGoal ? 'met' : 'missed',
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
      runs,
    },
    results,
    headers,
    rows,
  };
}

// ---------------------------------------------------------------------------------------------
// Benchmark 5: terminal UI (hdev only; no peer has one)

const TUI_COLUMNS = 80;
const TUI_ROWS = 24;
const TUI_TERM = 'xterm-256color';
const TUI_SESSION = 'bench';
const TUI_QUIT_DEADLINE_MS = 15_000;
const FLOOD_TYPES = ['a', 'b'];
const FLOOD_CHECKPOINTS_S = [10, 30, 60];
const FLOOD_COUNT_DEADLINE_MS = 30_000; // after the flood's end, for the flooders' count files
const tmuxServers = new Map(); // private tmux servers still running: name -> socket path

/** tmux from PATH, or `apt-get install -y tmux` (with one `apt-get update` if that fails). */
function ensureTmux() {
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
function tmuxEnv() {
  return Object.fromEntries(
    Object.entries({ ...process.env, HDEV_BENCH_TOKEN: TOKEN }).filter(
      ([key]) => !/^(CI|CONTINUOUS_INTEGRATION|CI_.*|TMUX|TMUX_PANE)$/.test(key),
    ),
  );
}

function tmux(name, args) {
  return run('tmux', ['-L', name, ...args], { env: tmuxEnv(), timeout: 10_000 });
}

/** Stops a private tmux server (hdev in it should be gone by then) and removes its socket. */
function killTmuxServer(name) {
  const socket =
    tmuxServers.get(name) ??
    path.join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid()}`, name);
  tmux(name, ['kill-server']);
  fs.rmSync(socket, { force: true });
  tmuxServers.delete(name);
}

/** What the pane shows, as text (without colours). */
function capturePane(name) {
  const res = tmux(name, ['capture-pane', '-p', '-t', TUI_SESSION]);
  return res.ok ? res.stdout.replace(/\s+$/, '') : '';
}

/**
 * Starts `how` ({ file, args }) as the only pane of a detached 80×24 session on a private tmux
 * server, run directly (no shell), so that the pane's pid is the command's. Returns
 * { name, pid, started } with `started` taken just before tmux is asked to start it.
 */
function startInTmux(how, cwd, label) {
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
async function waitGone(pid, ms) {
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
async function quitTmuxHdev(session, recorded) {
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
function paneExitError(session, what) {
  return `hdev exited ${what}: ${lastLines(capturePane(session.name), 3) || 'no output'}`;
}

/** hdev's `start` command for an app, with `extra` arguments. */
function hdevStart(hdev, app, extra = []) {
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
async function tuiThroughputRun(hdev, app, i) {
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
async function tuiFlood(hdev, seconds) {
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
function floodCheckpoints(seconds) {
  const points = FLOOD_CHECKPOINTS_S.filter((s) => s < seconds);
  return [...points, seconds];
}

const cpuSecs = (ms) => (ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

async function benchTui(tools, opts) {
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

// ---------------------------------------------------------------------------------------------
// Benchmark 6: deploys (hdev only; no peer deploys)

// Below the ephemeral port range, like the router benchmark, and clear of its ports: each
// rollout moves a web dyno to the next free port up (27201, 27202, …).
const DEPLOY_BASE_PORT = 27_200;
const DEPLOY_BOOT_PORT = DEPLOY_BASE_PORT + 90; // the app booted on its own, without hdev
const DEPLOY_BOOT_SPAWNS = 10;
const DEPLOY_POLL_MS = 5;
const DEPLOY_DEADLINE_MS = 30_000; // per deploy: until the new version answers, until settled
const DEPLOY_STREAK = 50; // answers in a row with the new version: the old dynos get no traffic
const DEPLOY_SETTLE_POLL_MS = 100;
// hdev's restart-loop detector (src/watch/loop-detector.ts, DEFAULT_LOOP_RULE) stops deploying a
// path that changed in five deploys in a row, each starting less than 3 s after the previous one
// ended. Rewriting web.mjs back to back would trip it, so each save waits this long after the
// previous rollout has settled.
const DEPLOY_GAP_MS = 3_500;
const DEPLOY_LOAD_LOOPS = 8;
const DEPLOY_LOAD_WEB = 2;

/** DEPLOY_DEBOUNCE_MS as src/watch/watcher.ts sets it (read from the source), or null. */
function deployDebounceMs() {
  try {
    const source = fs.readFileSync(path.join(ROOT, 'src', 'watch', 'watcher.ts'), 'utf8');
    const match = /export const DEPLOY_DEBOUNCE_MS\s*=\s*([\d_]+)/.exec(source);
    return match ? Number(match[1].replaceAll('_', '')) : null;
  } catch {
    return null;
  }
}

function percentile(values, p) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function spread(values) {
  const ok = values.filter((v) => typeof v === 'number');
  return {
    n: ok.length,
    median: median(ok),
    p90: percentile(ok, 0.9),
    min: ok.length ? Math.min(...ok) : null,
    max: ok.length ? Math.max(...ok) : null,
  };
}

const msInt = (ms) => (ms === null || ms === undefined ? '–' : `${Math.round(ms)} ms`);
/** Wall-clock ms since the epoch, with sub-ms precision, as hdev's log timestamps. */
const epochNow = () => performance.timeOrigin + now();

/** The app's web.mjs, answering `version` on every path. */
function webSource(version) {
  return `// Written by bench/run.mjs (deploy benchmark): answers VERSION on every path.
import { createServer } from 'node:http';

const VERSION = ${JSON.stringify(version)};
const port = Number(process.env.PORT ?? 5000);
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(VERSION) });
  res.end(VERSION);
});
server.listen(port, '127.0.0.1', () => console.log(\`listening \${VERSION} port=\${port}\`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
`;
}

function writeWeb(app, version) {
  fs.writeFileSync(path.join(app.dir, 'web.mjs'), webSource(version));
}

/** One GET on `agent`: { status, body } or { error }. */
function httpGet(url, agent, timeoutMs = 5_000) {
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
async function waitForVersion(url, agent, version, deadline) {
  for (;;) {
    const res = await httpGet(url, agent);
    const t = now();
    if (res.status === 200 && res.body === version) return t;
    if (t > deadline) return null;
    await sleep(DEPLOY_POLL_MS);
  }
}

/** Requests back to back until `version` has answered `count` times in a row; true, or false at the deadline. */
async function waitForStreak(url, agent, version, count, deadline) {
  let streak = 0;
  while (streak < count) {
    const res = await httpGet(url, agent);
    streak = res.status === 200 && res.body === version ? streak + 1 : 0;
    if (now() > deadline) return false;
  }
  return true;
}

let hdevCliCalls = 0; // `hdev ps/releases --json` runs: each is a Node start on the same cores

/** `hdev ARGS` (ps --json, releases --json) in the app folder; its parsed JSON, or null. */
function hdevJson(hdev, app, args) {
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
async function waitRolledOut(hdev, app, afterVersion, web, deadline) {
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
function healthyWeb(dynos, web) {
  return (
    dynos.length === web &&
    dynos.every((d) => d.state === 'up') &&
    new Set(dynos.map((d) => d.port)).size === dynos.length
  );
}

/** hdev's `--format json` output: [{ t (epoch ms), source, dyno, message }]. */
function readJsonLog(file) {
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
function deploySteps(log, savedAt, servedAt, version) {
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

/** `node web.mjs` on its own: ms from spawn to its `listening` line, DEPLOY_BOOT_SPAWNS times. */
async function measureAppBoot(app) {
  const times = [];
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
    kill(child.pid, 'SIGTERM');
    if (!(await waitExit(child, 5_000))) kill(-child.pid, 'SIGKILL');
    active.delete(child);
  }
  return { times, error };
}

/** Starts `hdev start` for the deploy app with its output (--format json) in a file of WORK. */
async function startDeployHdev(hdev, app, label, extra = []) {
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
async function stopDeployHdev(child) {
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

const versionName = (part, k) => `${TOKEN.slice(0, 8)}-${part}-v${String(k).padStart(2, '0')}`;

/**
 * One deploy: save web.mjs with a new VERSION, wait for the router to answer it, for
 * `DEPLOY_STREAK` answers in a row, and for the release and the dynos to settle.
 */
async function deployOnce(hdev, app, url, agent, version, afterVersion, web) {
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

const deployLog = (label, k, rec, extra = '') =>
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
async function deployLatency(hdev, app, deploys) {
  const result = { deploys: [], boot: null, error: undefined };
  writeWeb(app, versionName('latency', 0));
  result.boot = await measureAppBoot(app);
  const boot = spread(result.boot.times);
  log(
    `  the app on its own (node web.mjs, spawn → "listening", ${DEPLOY_BOOT_SPAWNS} spawns): median ${msInt(boot.median)}, min ${msInt(boot.min)}, max ${msInt(boot.max)}` +
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
async function deployUnderLoad(hdev, app, deploys) {
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

function kindsText(kinds) {
  const entries = Object.entries(kinds ?? {}).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([kind, n]) => `${n} × ${kind}`).join(', ') : 'none';
}

async function benchDeploy(tools, opts) {
  const deploys = opts.deploys;
  const debounceMs = deployDebounceMs();
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
      `  debounce: DEPLOY_DEBOUNCE_MS = ${debounceMs ?? '?'} ms (src/watch/watcher.ts); ${DEPLOY_GAP_MS / 1000} s between a rollout's end and the next save (restart-loop detector)`,
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
  const minusBoot = lat.median !== null && boot.median !== null ? lat.median - boot.median : null;
  const failedText = (r) => brief(r.error ?? 'failed');
  const latencyHeaders = ['measure', 'median', 'p90', 'max', 'min'];
  const row = (label, s) =>
    s.n === 0
      ? [label, failedText(latency), '–', '–', '–']
      : [label, msInt(s.median), msInt(s.p90), msInt(s.max), msInt(s.min)];
  const latencyRows = [
    row(`save → new version served through the router (${lat.n} deploys)`, lat),
    row(`the app's own boot: node web.mjs, spawn → "listening" (${boot.n} spawns)`, boot),
    ["latency minus the app's boot (median − median)", msInt(minusBoot), '–', '–', '–'],
  ];
  const steps = ['watch', 'spawn', 'boot', 'up', 'route'];
  const stepSpread = Object.fromEntries(
    steps.map((s) => [s, spread(measured.map((d) => d.steps?.[s] ?? null))]),
  );
  const stepLabels = {
    watch: ['watch + debounce', 'save → api "Deploy (web.mjs)"'],
    spawn: ['release + spawn', '"Deploy" → new web.1 "Starting process"'],
    boot: ['app boot, seen by hdev', '"Starting process" → app\'s "listening" line'],
    up: ['up detection (port probe)', '"listening" → "State changed from starting to up"'],
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
      'DEPLOY_DEBOUNCE_MS, src/watch/watcher.ts',
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

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  fs.mkdirSync(WORK, { recursive: true });
  const startedAt = new Date();
  log(`hdev benchmarks — ${startedAt.toISOString()}`);
  log(
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`,
  );
  const loadBefore = os.loadavg().map((l) => Number(l.toFixed(2)));
  log(`load average before: ${loadBefore.join(' ')} (other work on the machine skews the figures)`);

  // Ruby foreman has no proxy, and only hdev has a UI and deploys: a run of those benchmarks
  // alone does not need the others installed.
  const needed = new Set(
    opts.benchmarks.flatMap((b) =>
      b === 'router'
        ? ['floor', 'hdev', 'nf']
        : b === 'tui' || b === 'deploy'
          ? ['hdev']
          : ALL_TOOLS,
    ),
  );
  const tools = prepareTools(opts.tools.filter((t) => needed.has(t)));
  for (const tool of Object.values(tools))
    log(
      `  ${tool.label}: ${tool.unavailable ? `UNAVAILABLE — ${tool.unavailable}` : tool.version}`,
    );

  const output = {
    date: startedAt.toISOString(),
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      loadAverageBefore: loadBefore,
    },
    tools: Object.fromEntries(
      Object.values(tools).map((t) => [
        t.name,
        t.unavailable ? { unavailable: t.unavailable } : { version: t.version },
      ]),
    ),
    benchmarks: {},
  };
  const markdown = [];
  const save = () => fs.writeFileSync(RESULTS_FILE, JSON.stringify(output, null, 2) + '\n');

  for (const name of ALL_BENCHMARKS.filter((b) => opts.benchmarks.includes(b))) {
    const began = now();
    const bench = {
      throughput: benchThroughput,
      startup: benchStartup,
      shutdown: benchShutdown,
      router: benchRouter,
      tui: benchTui,
      deploy: benchDeploy,
    }[name];
    const { headers, rows, tables, ...data } = await bench(tools, opts);
    output.benchmarks[name] = { ...data, seconds: Math.round((now() - began) / 100) / 10 };
    for (const t of tables ?? [{ headers, rows }])
      markdown.push(
        `### ${name}${t.title ? `: ${t.title}` : ''}\n\n${markdownTable(t.headers, t.rows)}`,
      );
    save();
  }

  output.machine.loadAverageAfter = os.loadavg().map((l) => Number(l.toFixed(2)));
  output.seconds = Math.round((now() - T0) / 100) / 10;
  save();
  log(
    `\n## Markdown (${startedAt.toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version})\n`,
  );
  log(markdown.join('\n\n'));
  log(
    `\nresults: ${path.relative(process.cwd(), RESULTS_FILE)}  (total ${((now() - T0) / 1000).toFixed(0)} s)`,
  );
}

const T0 = now();

async function emergencyCleanup() {
  for (const child of active) kill(-child.pid, 'SIGKILL');
  for (const name of [...tmuxServers.keys()]) killTmuxServer(name);
  for (const pid of leftovers()) kill(pid, 'SIGKILL');
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    console.error(`\nbench: ${signal}, cleaning up`);
    await emergencyCleanup();
    process.exit(130);
  });
}

main()
  .catch(async (error) => {
    console.error(`bench: ${error?.message ?? error}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await emergencyCleanup();
  });
