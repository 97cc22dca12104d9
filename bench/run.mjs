#!/usr/bin/env node
// Benchmarks hdev against its peers, node-foreman (`nf`) and Ruby foreman, in one run on one
// machine. See bench/README.md for what each benchmark measures.
//
//   node bench/run.mjs [throughput] [startup] [idle] [shutdown] [router] [tui] [deploy] [addons]
//                      [slugs]
//                      [--tools floor,hdev,nf,ruby] [--runs N] [--lines N] [--sigint-group]
//                      [--flood-seconds N] [--deploys N] [--keep]
//
// Plain Node (no dependencies). This file is the runner: one module per benchmark in
// bench/scenarios/, the shared pieces (processes, peers, apps, tables) in bench/lib/. Peers are installed into bench/.peers/ on first use (the router
// benchmark's load generator, wrk, and the terminal UI benchmark's terminal, tmux, with apt-get
// when they are not on PATH); scratch apps, logs and results.json go to bench/.work/. Every
// process the benchmark starts is killed before it moves on: by pid, by the tool's process group,
// or (as a last sweep) by a token placed in the environment of everything it starts or a working
// folder under bench/.work/; the UI benchmark's private tmux servers are stopped with
// `tmux -L NAME kill-server`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from './lib/cli.mjs';
import { GOAL_HEADERS, goalRows, writeReadme } from './lib/goals.mjs';
import {
  ALL_BENCHMARKS,
  ALL_TOOLS,
  RESULTS_FILE,
  WORK,
  log,
  markdownTable,
  table,
  now,
} from './lib/common.mjs';
import { active, kill, leftovers } from './lib/processes.mjs';
import { prepareTools } from './lib/tools.mjs';
import { benchAddons } from './scenarios/addons.mjs';
import { benchDeploy } from './scenarios/deploy.mjs';
import { benchIdle } from './scenarios/idle.mjs';
import { benchRouter } from './scenarios/router.mjs';
import { benchShutdown } from './scenarios/shutdown.mjs';
import { benchSlugs } from './scenarios/slugs.mjs';
import { benchStartup } from './scenarios/startup.mjs';
import { benchThroughput } from './scenarios/throughput.mjs';
import { benchTui, killTmuxServer, tmuxServers } from './scenarios/tui.mjs';

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
      b === 'slugs'
        ? []
        : b === 'router'
          ? ['floor', 'hdev', 'nf']
          : b === 'tui' || b === 'deploy' || b === 'addons'
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
      idle: benchIdle,
      shutdown: benchShutdown,
      router: benchRouter,
      tui: benchTui,
      deploy: benchDeploy,
      addons: benchAddons,
      slugs: benchSlugs,
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
  output.goals = goalRows(output.benchmarks);
  markdown.unshift(`### goals\n\n${markdownTable(GOAL_HEADERS, output.goals)}`);
  log('\n' + table(GOAL_HEADERS, output.goals));
  output.seconds = Math.round((now() - T0) / 100) / 10;
  save();
  log(
    `\n## Markdown (${startedAt.toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version})\n`,
  );
  log(markdown.join('\n\n'));
  // A run of every benchmark for every tool is the one bench/README.md shows.
  if (opts.benchmarks.length === ALL_BENCHMARKS.length && opts.tools.length === ALL_TOOLS.length) {
    const machine = `${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; ${os.cpus().length} cores, load average ${loadBefore.join(' ')} before and ${output.machine.loadAverageAfter.join(' ')} after; Node ${process.version}; ${Object.values(
      tools,
    )
      .filter((t) => !t.floor)
      .map((t) => `${t.label}: ${t.unavailable ? 'unavailable' : t.version}`)
      .join(', ')}`;
    const file = writeReadme(`${machine}\n\n${markdown.join('\n\n')}`);
    log(`\nwritten to ${path.relative(process.cwd(), file)}`);
  }
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
