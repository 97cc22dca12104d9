// heroku.yml's `run:` and `release:` sections: the process types of a container-stack app.
// Dev Center "Building Docker Images with heroku.yml": `run` maps a process type to a command,
// either `web: bundle exec puma` or `worker: {command: [python worker.py], image: web}`; with
// heroku.yml the Procfile is not used. `release: {command: [./release.sh], image: web}` is the
// release phase. hdev reads only these two sections; the rest (build, setup) is Docker's part.
import { createRequire } from 'node:module';
import type { Node } from 'yaml';
import { HdevError } from '../errors.js';

// Loaded on first use: few apps have a heroku.yml, and the YAML library is the largest module
// on `hdev start`'s path (loadApp is synchronous, so a dynamic import() cannot be used here).
let yamlModule: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}

/** A `run:` entry or the release command, with its 1-based line in heroku.yml. */
export interface HerokuYmlCommand {
  readonly name: string;
  readonly command: string;
  readonly line: number;
}

export interface HerokuYmlRun {
  /** The `run:` entries in file order; undefined when heroku.yml has no `run:` section. */
  readonly run: readonly HerokuYmlCommand[] | undefined;
  /** `release.command`, when there is one. */
  readonly release: HerokuYmlCommand | undefined;
}

/** A scalar, or a list of scalars run as one command line (`[gunicorn, app:app]`). */
function commandLine(node: unknown): string {
  const { isScalar, isSeq } = yaml();
  if (isScalar(node)) {
    const value = node.value;
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value).trim()
      : '';
  }
  if (isSeq(node))
    return node.items
      .map(commandLine)
      .filter((part) => part !== '')
      .join(' ');
  return '';
}

/** A `run:` entry's value: `web: cmd`, or `web:` with `command:` under it. */
function processCommand(node: unknown): string {
  if (yaml().isMap(node)) return commandLine(node.get('command', true));
  return commandLine(node);
}

function lineOf(node: unknown, lines: import('yaml').LineCounter): number {
  const offset = (node as Node | null | undefined)?.range?.[0];
  return offset === undefined ? 1 : lines.linePos(offset).line;
}

export function parseHerokuYmlRun(text: string): HerokuYmlRun {
  const { isMap, isScalar, LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const [error] = document.errors;
  if (error !== undefined) {
    const line = error.linePos?.[0].line ?? 1;
    throw new HdevError(`heroku.yml:${line}: ${error.message.split('\n')[0] ?? 'invalid YAML'}`, {
      hint: 'Fix the YAML in heroku.yml, or remove the file to use the Procfile.',
    });
  }
  const root = document.contents;
  if (!isMap(root)) return { run: undefined, release: undefined };
  const runSection = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'run');
  const releasePair = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'release');
  const run =
    runSection === undefined
      ? undefined
      : (isMap(runSection.value) ? runSection.value.items : [])
          .map((pair) => ({
            name: isScalar(pair.key) ? String(pair.key.value) : '',
            command: processCommand(pair.value),
            line: lineOf(pair.key, lines),
          }))
          .filter((entry) => entry.name !== '' && entry.command !== '');
  const releaseCommand = releasePair === undefined ? '' : processCommand(releasePair.value);
  return {
    run,
    release:
      releaseCommand === ''
        ? undefined
        : {
            name: 'release',
            command: releaseCommand,
            line: lineOf(releasePair?.key, lines),
          },
  };
}
