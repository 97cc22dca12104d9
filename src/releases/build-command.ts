// The build step of a deploy: `--build <cmd>`, or what Heroku's Node.js buildpack runs from
// package.json: the `heroku-postbuild` script when there is one, else `build`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_MANIFEST_BYTES, readBoundedText } from '../config/bounded-read.js';
import { DEPENDENCY_FILES, missingNodeDependencies } from './dependency-install.js';

/** Pure: the build command for a package.json's scripts, if any. */
export function buildScriptCommand(
  scripts: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  if (scripts === undefined) return undefined;
  for (const name of ['heroku-postbuild', 'build']) {
    if (typeof scripts[name] === 'string') return `npm run ${name}`;
  }
  return undefined;
}

/** `--build` wins; then package.json in the app root; none when neither says anything. */
export function chooseBuildCommand(appRoot: string, flag: string | undefined): string | undefined {
  if (flag !== undefined) return flag;
  try {
    const path = join(appRoot, 'package.json');
    const text = readBoundedText({
      path,
      shown: path,
      what: 'package.json',
      maxBytes: MAX_MANIFEST_BYTES,
      hint: '',
    });
    const manifest = JSON.parse(text) as {
      scripts?: Record<string, unknown>;
    };
    return buildScriptCommand(manifest.scripts);
  } catch {
    return undefined; // no package.json (not a Node app), or one npm could not read either
  }
}

/** The dependencies package.json declares that node_modules does not hold (see the rule). */
export function missingNodeDependenciesIn(appRoot: string): string[] {
  let text: string | undefined;
  try {
    text = readBoundedText({
      path: join(appRoot, 'package.json'),
      shown: 'package.json',
      what: 'package.json',
      maxBytes: MAX_MANIFEST_BYTES,
      hint: '',
    });
  } catch {
    return []; // no package.json, or one the build step will report
  }
  return missingNodeDependencies(text, (name) =>
    existsSync(join(appRoot, 'node_modules', name, 'package.json')),
  );
}

/** Which of the files a dependency install depends on exist in the app root now. */
export function presentDependencyFiles(appRoot: string): Set<string> {
  return new Set(DEPENDENCY_FILES.filter((file) => existsSync(join(appRoot, file))));
}
