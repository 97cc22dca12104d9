// The dashboard's files, served from hdev's own package (users may be offline: no CDN): the
// pages in assets/dashboard/, and xterm.js from its installed package.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

/** hdev's package root: the nearest folder above this module holding assets/dashboard. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    if (existsSync(join(dir, 'assets', 'dashboard', 'index.html'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('the dashboard files (assets/dashboard) are missing from the hdev package');
}

function packageFile(name: string, file: string): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${name}/package.json`)), file);
}

/** URL path → file: only these are served, so no request can name another file. */
function assetFiles(): Map<string, string> {
  const pages = join(packageRoot(), 'assets', 'dashboard');
  return new Map([
    ['/', join(pages, 'index.html')],
    ['/app.js', join(pages, 'app.js')],
    ['/console.js', join(pages, 'console.js')],
    ['/dashboard.css', join(pages, 'dashboard.css')],
    ['/vendor/xterm.mjs', packageFile('@xterm/xterm', 'lib/xterm.mjs')],
    ['/vendor/xterm.css', packageFile('@xterm/xterm', 'css/xterm.css')],
    ['/vendor/addon-fit.mjs', packageFile('@xterm/addon-fit', 'lib/addon-fit.mjs')],
  ]);
}

/** Reads each file once, on first request. */
export class AssetStore {
  readonly #files = assetFiles();
  readonly #cache = new Map<string, Asset>();

  get(path: string): Asset | undefined {
    const cached = this.#cache.get(path);
    if (cached !== undefined) return cached;
    const file = this.#files.get(path);
    if (file === undefined) return undefined;
    const extension = /\.[a-z]+$/.exec(file)?.[0] ?? '';
    const asset = {
      type: TYPES[extension] ?? 'application/octet-stream',
      body: readFileSync(file),
    };
    this.#cache.set(path, asset);
    return asset;
  }
}
