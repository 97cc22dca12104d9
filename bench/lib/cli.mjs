// Command line
import { ALL_BENCHMARKS, ALL_TOOLS } from './common.mjs';

export function usage() {
  return `usage: node bench/run.mjs [${ALL_BENCHMARKS.join('] [')}] [options]

benchmarks (default: all; "memory" is measured during throughput; tui, deploy, addons and slugs
            measure hdev only)
options:
  --tools LIST      comma-separated, from ${ALL_TOOLS.join(',')} (default: all)
  --runs N          runs per tool for every benchmark (default: throughput 3, startup 5, idle 3,
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

export function parseArgs(argv) {
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

export function positiveInt(text, name) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}
