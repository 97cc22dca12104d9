// Bundles the compiled CLI into one file for bin/hdev. Loading ~60 ES modules and commander's
// CommonJS costs tens of milliseconds on a small machine before the first dyno can spawn; one
// pre-linked file loads in a fraction of that. dist/ keeps the per-module build for debugging.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: start clean so old chunks do not pile up.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['dist/cli/main.js'],
  // Two levels below the package root, like dist/cli/main.js, so relative paths still resolve.
  outdir: 'dist/bundle',
  entryNames: 'hdev',
  // Commands load lazily (the terminal UI with ink and React is the heavy one): each dynamic
  // import becomes a chunk that only the command needing it loads.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  minifySyntax: true,
  minifyWhitespace: true,
  logLevel: 'warning',
  // ink imports React's devtools only when DEV=true; it is not installed and never loaded.
  // node-pty loads a native addon from its platform package at run time: it stays a package.
  // ws requires its optional native helpers inside try/catch; they are not installed.
  external: ['react-devtools-core', '@lydell/node-pty', 'bufferutil', 'utf-8-validate'],
  // React's production build: the development one records a performance.measure entry per
  // component render (thousands a second under a log flood), which Node keeps in memory.
  define: { 'process.env.NODE_ENV': '"production"' },
  // CommonJS dependencies (commander, tree-kill) call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as hdevCreateRequire } from 'node:module'; const require = hdevCreateRequire(import.meta.url);",
  },
});
