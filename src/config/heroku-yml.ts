// heroku.yml's `run:` and `release:` sections: the process types of a container-stack app.
// Dev Center "Building Docker Images with heroku.yml": `run` maps a process type to a command,
// either `web: bundle exec puma` or `worker: {command: [python worker.py], image: web}`; with
// heroku.yml the Procfile is not used. `release: {command: [./release.sh], image: web}` is the
// release phase. hdev reads only these two sections, with a small reader for the YAML subset they
// use (block mappings, block and flow lists, quoted scalars), so it needs no YAML library.

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

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly number: number;
}

function significantLines(text: string): Line[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw, index) => ({ raw: stripComment(raw), number: index + 1 }))
    .filter(({ raw }) => raw.trim() !== '')
    .map(({ raw, number }) => ({
      indent: raw.length - raw.trimStart().length,
      text: raw.trim(),
      number,
    }));
}

/** ` # comment` ends a line outside quotes; a `#` inside a word or quotes is kept. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) {
      return line.slice(0, index);
    }
  }
  return line;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    try {
      return JSON.parse(trimmed) as string;
    } catch {
      return trimmed.slice(1, -1);
    }
  }
  if (trimmed.length >= 2 && trimmed.startsWith("'") && trimmed.endsWith("'")) {
    return trimmed.slice(1, -1).replace(/''/g, "'");
  }
  return trimmed;
}

/** `[a, "b c"]` → `a b c`: Heroku runs the list as one command line. */
function flowList(value: string): string {
  return splitFlow(value.trim().slice(1, -1))
    .map(unquote)
    .filter((item) => item !== '')
    .join(' ');
}

function splitFlow(inner: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of inner) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === ',') {
      items.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current);
  return items;
}

/** `key: value` → [key, value]; undefined when the line is not a mapping entry. */
function keyValue(text: string): [string, string] | undefined {
  const match = /^("[^"]*"|'[^']*'|[^:\s][^:]*?)\s*:(?:\s+(.*)|$)/.exec(text);
  if (match === null) return undefined;
  return [unquote(match[1] ?? ''), match[2] ?? ''];
}

/** The lines indented under `lines[start]`, up to the next line at its indent or less. */
function childrenOf(lines: readonly Line[], start: number): Line[] {
  const parent = lines[start];
  if (parent === undefined) return [];
  const children: Line[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.indent <= parent.indent) break;
    children.push(line);
  }
  return children;
}

/** A scalar, a flow list, or (when empty) the block list under it: one command line. */
function commandValue(value: string, block: readonly Line[]): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) return flowList(trimmed);
  if (trimmed !== '') return unquote(trimmed);
  return block
    .filter((line) => line.text.startsWith('-'))
    .map((line) => unquote(line.text.slice(1)))
    .join(' ');
}

/** The entries of a block mapping given its child lines (only those at the first child indent). */
function entries(
  block: readonly Line[],
): { key: string; value: string; line: Line; body: Line[] }[] {
  const indent = block[0]?.indent;
  const result: { key: string; value: string; line: Line; body: Line[] }[] = [];
  block.forEach((line, index) => {
    if (line.indent !== indent) return;
    const pair = keyValue(line.text);
    if (pair === undefined) return;
    result.push({ key: pair[0], value: pair[1], line, body: childrenOf(block, index) });
  });
  return result;
}

/** A `run:` entry: `web: cmd`, or `web:` with `command:` under it. */
function processCommand(value: string, body: readonly Line[]): string {
  if (value.trim() !== '') return commandValue(value, []);
  const command = entries(body).find((entry) => entry.key === 'command');
  return command === undefined ? '' : commandValue(command.value, command.body);
}

export function parseHerokuYmlRun(text: string): HerokuYmlRun {
  const lines = significantLines(text);
  const top = entries(lines);
  const runSection = top.find((entry) => entry.key === 'run');
  const releaseSection = top.find((entry) => entry.key === 'release');
  const run =
    runSection === undefined
      ? undefined
      : entries(runSection.body)
          .map((entry) => ({
            name: entry.key,
            command: processCommand(entry.value, entry.body),
            line: entry.line.number,
          }))
          .filter((entry) => entry.command !== '');
  const releaseCommand =
    releaseSection === undefined ? '' : processCommand('', releaseSection.body);
  return {
    run,
    release:
      releaseSection === undefined || releaseCommand === ''
        ? undefined
        : { name: 'release', command: releaseCommand, line: releaseSection.line.number },
  };
}
