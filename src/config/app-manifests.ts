// Reads the files of the app root that decide where process types come from (heroku.yml,
// package.json, server.js, Gemfile.lock, Python's package manager file). Missing files are
// simply absent; the pure choice is in process-types-choice.ts.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppManifests } from './process-types-choice.js';

/** Manifests larger than this are not app manifests anyone writes by hand; they are skipped. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

function readIfPresent(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_MANIFEST_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** heroku/heroku-buildpack-python `bin/detect`: one of these package manager files. */
const PYTHON_MANIFESTS = ['requirements.txt', 'Pipfile.lock', 'poetry.lock', 'uv.lock'];

export function readAppManifests(
  root: string,
  procfile: { readonly path: string; readonly given: boolean },
  buildpacks: readonly string[] | undefined,
): AppManifests {
  return {
    procfileExists: existsSync(procfile.path),
    procfileGiven: procfile.given,
    herokuYml: readIfPresent(join(root, 'heroku.yml')),
    packageJson: readIfPresent(join(root, 'package.json')),
    hasServerJs: existsSync(join(root, 'server.js')),
    gemfileLock: readIfPresent(join(root, 'Gemfile.lock')),
    pythonManifest: PYTHON_MANIFESTS.find((name) => existsSync(join(root, name))),
    buildpacks,
  };
}
