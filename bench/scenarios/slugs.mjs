// Benchmark 9: slugs (hdev only; the peers build none). A scratch app with a synthetic
// node_modules of about 200 MB in 20,000 files and 300 source files in a git work tree; with the
// built slug store (dist/slugs/slug-store.js, tsc's per-module output of `npm run build`):
//   - the first slug, stage + seal: source files copied, node_modules hard-linked;
//   - a second slug after one source file changed: the rest linked from the first;
//   - the disk each adds, from `du -sk` over the app and the store together (a hard-linked
//     inode counts once) and from the Slug's own addedBytes;
//   - the longest the event loop waited while a slug was staged (the router of a running
//     `hdev start` shares it);
//   - and, for the choice of how to link the tree, 20,000 hard links made three ways.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, WORK, log, median, now, run, table } from '../lib/common.mjs';

export const SLUG_PACKAGES = 1_000;
export const SLUG_FILES_PER_PACKAGE = 20;
export const SLUG_SOURCE_FILES = 300;
const MEAN_FILE_BYTES = 10 * 1024;

const STORE_MODULE = path.join(ROOT, 'dist', 'slugs', 'slug-store.js');
const LINKER_MODULE = path.join(ROOT, 'dist', 'slugs', 'link-tree.js');
const AN_HOUR_AGO = new Date(Date.now() - 3_600_000);

/** 1 KiB to 19 KiB, 10 KiB on average, the same every run. */
const fileBytes = (i) => 1024 + ((i * 7_919) % 19) * 1024;

/** The scratch app: node_modules (git-ignored), source files, a git work tree when git exists. */
function writeSlugApp(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  const fill = Buffer.alloc(20 * 1024, 'x');
  let bytes = 0;
  let n = 0;
  for (let p = 0; p < SLUG_PACKAGES; p++) {
    const pkg = path.join(dir, 'node_modules', `pkg-${p}`);
    fs.mkdirSync(path.join(pkg, 'lib'), { recursive: true });
    for (let f = 0; f < SLUG_FILES_PER_PACKAGE; f++) {
      const size = fileBytes(n++);
      const file = f === 0 ? 'package.json' : path.join('lib', `f${f}.js`);
      fs.writeFileSync(path.join(pkg, file), fill.subarray(0, size));
      bytes += size;
    }
  }
  for (let s = 0; s < SLUG_SOURCE_FILES; s++) {
    const file = path.join(dir, 'src', `d${s % 10}`, `m${s}.js`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `export const m${s} = ${s};\n`.repeat(40));
  }
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"slugs-bench","type":"module"}\n');
  fs.writeFileSync(path.join(dir, 'Procfile'), 'web: node src/d0/m0.js\n');
  // Files untouched for a while, as most of an app's are (the store does not trust very recent
  // timestamps: see src/slugs/materialise.ts).
  for (const file of fs.readdirSync(dir, { recursive: true }))
    if (!String(file).startsWith('node_modules'))
      fs.utimesSync(path.join(dir, String(file)), AN_HOUR_AGO, AN_HOUR_AGO);
  const git = (...args) =>
    run('git', ['-c', 'user.email=b@example.com', '-c', 'user.name=b', ...args], { cwd: dir });
  const inGit = git('init', '-q').ok && git('add', '-A').ok && git('commit', '-qm', 'app').ok;
  return { files: n, bytes, inGit };
}

function duKiB(dir) {
  const res = run('du', ['-sk', dir]);
  return res.ok ? Number(res.stdout.split(/\s/)[0]) : null;
}

/** Runs `work` and reports the longest gap between 1 ms ticks of the event loop meanwhile. */
async function withStallMeter(work) {
  let last = now();
  let longest = 0;
  const timer = setInterval(() => {
    const t = now();
    longest = Math.max(longest, t - last);
    last = t;
  }, 1);
  try {
    const result = await work();
    longest = Math.max(longest, now() - last);
    return { result, stallMs: longest };
  } finally {
    clearInterval(timer);
  }
}

async function slugRun(SlugStore, app, base, runIndex) {
  const store = new SlugStore(path.join(base, `slugs-${runIndex}`));
  const duBefore = duKiB(base);
  const source = { kind: 'working-tree', root: app };
  let began = now();
  const first = await withStallMeter(async () => {
    const staged = await store.stage(source, { dependenciesFrom: app });
    const stagedAt = now();
    return { staged, stageMs: stagedAt - began, slug: await store.seal(staged) };
  });
  const firstMs = now() - began;
  const duFirst = duKiB(base);
  const changed = path.join(app, 'src', 'd1', 'm1.js');
  fs.writeFileSync(changed, `export const m1 = ${runIndex + 1000};\n`.repeat(40));
  began = now();
  const second = await withStallMeter(async () => {
    const staged = await store.stage(source, {
      dependenciesFrom: app,
      previous: first.result.slug.id,
    });
    return { staged, slug: await store.seal(staged) };
  });
  const secondMs = now() - began;
  const duSecond = duKiB(base);
  fs.rmSync(store.directory, { recursive: true, force: true });
  fs.utimesSync(changed, AN_HOUR_AGO, AN_HOUR_AGO);
  return {
    firstMs,
    firstStageMs: first.result.stageMs,
    firstStallMs: first.stallMs,
    secondMs,
    secondStallMs: second.stallMs,
    firstSlug: first.result.slug,
    secondSlug: second.result.slug,
    secondChanged: second.result.staged.changedFiles,
    firstAddedKiB: duFirst !== null && duBefore !== null ? duFirst - duBefore : null,
    secondAddedKiB: duSecond !== null && duFirst !== null ? duSecond - duFirst : null,
  };
}

/** node_modules hard-linked by the store's linker, by promises (32 at a time), by `cp -al`. */
async function linkStrategies(TreeLinker, app, base) {
  const from = path.join(app, 'node_modules');
  const time = async (name, link) => {
    const dest = path.join(base, `link-${name}`);
    fs.rmSync(dest, { recursive: true, force: true });
    const began = now();
    const { stallMs, result } = await withStallMeter(async () => {
      try {
        await link(dest);
        return undefined;
      } catch (error) {
        return String(error?.message ?? error);
      }
    });
    const ms = now() - began;
    fs.rmSync(dest, { recursive: true, force: true });
    return { name, ms, stallMs, error: result };
  };
  const promises = async (dest) => {
    const queue = [[from, dest]];
    const worker = async () => {
      for (let job = queue.pop(); job; job = queue.pop()) {
        const [src, dst] = job;
        if (src.endsWith('/')) {
          await fsp.link(src.slice(0, -1), dst);
          continue;
        }
        await fsp.mkdir(dst);
        for (const e of await fsp.readdir(src, { withFileTypes: true }))
          queue.push([
            path.join(src, e.name) + (e.isDirectory() ? '' : '/'),
            path.join(dst, e.name),
          ]);
      }
    };
    // Workers that find the queue empty while folders are still being read stop early; rerun
    // until everything is done.
    while (queue.length) await Promise.all(Array.from({ length: 32 }, worker));
  };
  const cp = (dest) =>
    new Promise((resolve, reject) => {
      const child = spawn('cp', ['-al', from, dest], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cp exited ${code}`))));
    });
  return [
    await time('store (sync calls, yielding every 128)', (dest) =>
      new TreeLinker().link(from, dest),
    ),
    await time('fs.promises, 32 at a time', promises),
    await time('cp -al (child process)', cp),
  ];
}

const ms = (v) => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`);
const mibOf = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const kib = (v) => (v === null || v === undefined ? '–' : `${(v / 1024).toFixed(1)} MiB`);

export async function benchSlugs(_tools, opts) {
  const runs = opts.runs ?? 3;
  const totalFiles = SLUG_PACKAGES * SLUG_FILES_PER_PACKAGE;
  log(
    `\n## Slugs: ${totalFiles.toLocaleString('en-US')} files (~${((totalFiles * MEAN_FILE_BYTES) / 2 ** 20).toFixed(0)} MiB) of node_modules and ${SLUG_SOURCE_FILES} source files, median of ${runs}`,
  );
  if (!fs.existsSync(STORE_MODULE)) {
    const error = `${path.relative(ROOT, STORE_MODULE)} is missing: run npm run build`;
    log(`  ${error}`);
    return { error, headers: ['error'], rows: [[error]] };
  }
  const { SlugStore } = await import(pathToFileURL(STORE_MODULE).href);
  const { TreeLinker } = await import(pathToFileURL(LINKER_MODULE).href);
  const base = path.join(WORK, 'slugs');
  const app = path.join(base, 'app');
  fs.mkdirSync(base, { recursive: true });
  const generated = writeSlugApp(app);
  log(
    `  app: ${generated.files} node_modules files, ${mibOf(generated.bytes)}; ${generated.inGit ? 'a git work tree (git ls-files)' : 'no git: walked'}`,
  );
  const results = [];
  const strategies = [];
  try {
    for (let i = 0; i < runs; i++) {
      const r = await slugRun(SlugStore, app, base, i);
      results.push(r);
      log(
        `  run ${i + 1}: first ${ms(r.firstMs)} (stage ${ms(r.firstStageMs)}), second ${ms(r.secondMs)} (changed: ${r.secondChanged.join(', ')}); du +${kib(r.firstAddedKiB)} / +${kib(r.secondAddedKiB)}; addedBytes ${r.firstSlug.addedBytes} / ${r.secondSlug.addedBytes}; stalls ${ms(r.firstStallMs)} / ${ms(r.secondStallMs)}`,
      );
      strategies.push(...(await linkStrategies(TreeLinker, app, base)));
    }
  } finally {
    if (!opts.keep) fs.rmSync(base, { recursive: true, force: true });
  }
  const med = (key) => median(results.map((r) => r[key]));
  const spreadOf = (key) => {
    const values = results.map((r) => r[key]).filter((v) => typeof v === 'number');
    return values.length
      ? [ms(med(key)), ms(Math.min(...values)), ms(Math.max(...values))]
      : ['–', '–', '–'];
  };
  const size = results[0]?.firstSlug;
  const headers = ['measure', 'median', 'min', 'max'];
  const rows = [
    ['first slug, stage + seal', ...spreadOf('firstMs')],
    ['  of which stage', ...spreadOf('firstStageMs')],
    ['second slug, one source file changed', ...spreadOf('secondMs')],
    ['longest event-loop stall, first slug', ...spreadOf('firstStallMs')],
    ['longest event-loop stall, second slug', ...spreadOf('secondStallMs')],
    ['disk added, first slug (du -sk, app + store)', kib(med('firstAddedKiB')), '', ''],
    ['disk added, second slug (du -sk)', kib(med('secondAddedKiB')), '', ''],
    [
      'Slug.addedBytes, first / second',
      `${results[0]?.firstSlug.addedBytes ?? '–'} / ${results[0]?.secondSlug.addedBytes ?? '–'} bytes`,
      '',
      '',
    ],
    [
      'slug size (apparent) / files',
      size ? `${mibOf(size.sizeBytes)} / ${size.fileCount}` : '–',
      '',
      '',
    ],
  ];
  const strategyHeaders = ['20,000 hard links made by', 'median', 'longest event-loop stall'];
  const strategyRows = [...new Set(strategies.map((s) => s.name))].map((name) => {
    const of = strategies.filter((s) => s.name === name);
    const error = of.find((s) => s.error)?.error;
    return error
      ? [name, error, '–']
      : [name, ms(median(of.map((s) => s.ms))), ms(median(of.map((s) => s.stallMs)))];
  });
  log('\n' + table(headers, rows));
  log('\n' + table(strategyHeaders, strategyRows));
  return {
    params: {
      runs,
      nodeModulesFiles: generated.files,
      nodeModulesBytes: generated.bytes,
      sourceFiles: SLUG_SOURCE_FILES,
      git: generated.inGit,
    },
    results: { runs: results, strategies },
    tables: [
      { title: 'stage + seal, and disk per slug', headers, rows },
      { title: 'ways to hard-link node_modules', headers: strategyHeaders, rows: strategyRows },
    ],
  };
}
