// The build step of a deploy: `--build <cmd>`, or what Heroku's Node.js buildpack runs from
// package.json: the `heroku-postbuild` script when there is one, else `build`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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
    const manifest = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as {
      scripts?: Record<string, unknown>;
    };
    return buildScriptCommand(manifest.scripts);
  } catch {
    return undefined; // no package.json (not a Node app), or one npm could not read either
  }
}
