// PostgreSQL's binaries work when the package's install script did not run: the .so links it
// would have made are made in a cached copy, and hdev's own install is never written to.
import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, rmSync, unlinkSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  missingSymlinks,
  packageBinaries,
  platformPackage,
  readSymlinkList,
} from '../../src/addons/postgres-binaries.js';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('runs postgres from a copy with the links made when the install lacks them', () => {
  const name = platformPackage();
  if (name === undefined) return;
  const installed = resolve(dirname(createRequire(import.meta.url).resolve(name)), '..');
  const base = mkdtempSync(join(tmpdir(), 'hdev-pgbin-'));
  scratch.push(base);
  // The package as an install without scripts leaves it: no symlinks at all.
  const bare = join(base, 'package');
  cpSync(installed, bare, { recursive: true, verbatimSymlinks: true });
  const links = readSymlinkList(bare);
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) unlinkSync(join(bare, link.target));
  expect(missingSymlinks(bare, links)).toHaveLength(links.length);
  expect(() => execFileSync(join(bare, 'native/bin/postgres'), ['--version'])).toThrow();

  const binaries = packageBinaries(bare, { cacheRoot: join(base, 'cache'), asRoot: false });
  expect(binaries.postgres.startsWith(join(base, 'cache'))).toBe(true);
  expect(execFileSync(binaries.postgres, ['--version'], { encoding: 'utf8' })).toMatch(
    /\(PostgreSQL\) 18\./,
  );
  // The install itself was left as it was; the copy's links are relative, as the postinstall's.
  expect(missingSymlinks(bare, links)).toHaveLength(links.length);
  const lib = join(dirname(dirname(binaries.postgres)), 'lib');
  const link = readdirSync(lib).find((entry) => lstatSync(join(lib, entry)).isSymbolicLink());
  expect(link).toBeDefined();
  // A second resolve reuses the copy.
  expect(packageBinaries(bare, { cacheRoot: join(base, 'cache'), asRoot: false })).toEqual(
    binaries,
  );
});
