#!/usr/bin/env node
// Micro-benchmark of the log pipeline's CPU cost: 800,000 lines of 100 bytes, read in 64 KiB
// chunks (so most chunks end in a partial line, as pipe reads do), through LineSplitter and a
// formatter. Run `npm run build` first; it imports the compiled modules from dist/.
//
//   node bench/log-pipeline.mjs [heroku|foreman|json] [--rounds N]
import { performance } from 'node:perf_hooks';
import { createFormatter, LOG_FORMATS } from '../dist/logs/formatters.js';
import { LineSplitter } from '../dist/logs/line-splitter.js';

const LINES = 800_000;
const LINE_BYTES = 100;
const CHUNK_BYTES = 64 * 1024;
const FILL = 'x'.repeat(LINE_BYTES - 11); // `a SEQ(7) ` + fill + newline, as bench/fixtures/gen.mjs

const args = process.argv.slice(2);
const format = args.find((arg) => !arg.startsWith('--')) ?? 'heroku';
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt === -1 ? 7 : Number(args[roundsAt + 1]);
if (!LOG_FORMATS.includes(format) || !(rounds >= 1)) {
  console.error(`usage: node bench/log-pipeline.mjs [${LOG_FORMATS.join('|')}] [--rounds N]`);
  process.exit(2);
}

const input = Buffer.allocUnsafe(LINES * LINE_BYTES);
for (let seq = 1, at = 0; seq <= LINES; seq++) {
  at += input.write(`a ${String(seq).padStart(7, '0')} ${FILL}\n`, at, 'latin1');
}
const chunks = [];
for (let at = 0; at < input.length; at += CHUNK_BYTES)
  chunks.push(input.subarray(at, at + CHUNK_BYTES));

function run() {
  const splitter = new LineSplitter();
  const formatter = createFormatter({ format, color: false, nameWidth: 6 });
  let lines = 0;
  let outBytes = 0;
  const started = performance.now();
  const handle = (out) => {
    if (out === undefined) return;
    lines += out.lineCount;
    const batch = {
      time: performance.timeOrigin + performance.now(),
      source: 'app',
      dyno: 'web.1',
      ...out,
    };
    outBytes += formatter(batch).length;
  };
  for (const chunk of chunks) handle(splitter.push(chunk));
  handle(splitter.end());
  const ms = performance.now() - started;
  if (lines !== LINES) throw new Error(`expected ${LINES} lines, got ${lines}`);
  return { ms, outBytes };
}

const results = [];
for (let round = 0; round < rounds; round++) results.push(run());
const outMb = (results[0].outBytes / 1e6).toFixed(1);
const times = results.map((result) => result.ms).sort((a, b) => a - b);
const report = (label, ms) =>
  `${label.padEnd(7)} ${(input.length / 1e6 / (ms / 1000)).toFixed(0).padStart(5)} MB/s  ` +
  `${((ms * 1e6) / LINES).toFixed(1).padStart(6)} ns/line  ${ms.toFixed(1)} ms`;
console.log(
  `${format}: ${LINES.toLocaleString('en')} lines of ${LINE_BYTES} bytes, ` +
    `${CHUNK_BYTES}-byte chunks, ${rounds} rounds, ${outMb} MB out`,
);
console.log(report('best', times[0]));
console.log(report('median', times[Math.floor(times.length / 2)]));
