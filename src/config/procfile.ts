// Procfile parser: Heroku's own line grammar, plus a diagnostic for every line Heroku would
// silently ignore or misread, so a mistake shows up locally instead of after a deploy.
import type { Procfile, ProcessType } from '../domain/app-spec.js';
import type { Diagnostic, Parsed, Severity } from '../domain/diagnostic.js';

/**
 * The slug compiler's line regex, as ported by heroku/buildpacks-procfile:
 * `^[[:space:]]*([a-zA-Z0-9_-]+):?\s+(.*)[[:space:]]*`. `[[:space:]]` is ASCII whitespace; the
 * colon is optional, but at least one whitespace character must follow the name or the colon.
 */
const HEROKU_LINE = /^([ \t\v\f\r]*)([a-zA-Z0-9_-]+)(:?)\s+([^\n]*)$/;
/** Heroku's newer Procfile spec (Cloud Native Buildpacks): lowercase, inner `-`, 1..=63 chars. */
const CNB_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Platform API `formation.type`: `^[-\w]{1,128}$`. */
const MAX_NAME_LENGTH = 128;
const IGNORED = 'Heroku ignores this line';
const CONTINUATION_HINT = 'Put the whole command on one line, or move it into a script.';
const BOM = '\uFEFF';

type Report = (severity: Severity, message: string, column?: number, hint?: string) => void;

type Problem = Required<Pick<Diagnostic, 'message' | 'column' | 'hint'>>;

export function parseProcfile(text: string, file: string): Parsed<Procfile> {
  const diagnostics: Diagnostic[] = [];
  const crlfAt = text.indexOf('\r');
  if (crlfAt !== -1) {
    diagnostics.push({
      severity: 'warning',
      file,
      line: text.slice(0, crlfAt).split('\n').length,
      message: 'the Procfile has Windows (CRLF) line endings',
      hint: "Heroku tolerates them, but a script saved with CRLF fails to start (`/usr/bin/env: 'bash\\r'`): use LF line endings (dos2unix, or your editor's setting).",
    });
  }
  const types = new Map<string, ProcessType>();
  // Heroku replaces every `\r\n?` with `\n` before matching lines.
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((line, index, lines) => {
      const lineNumber = index + 1;
      const report: Report = (severity, message, column, hint) =>
        diagnostics.push({ severity, file, line: lineNumber, column, message, hint });
      const previous = lines[index - 1] ?? '';
      const continues = !isSilent(previous) && previous.trimEnd().endsWith('\\');
      const type = parseLine(line, lineNumber, continues, report);
      if (type === undefined) return;
      const earlier = types.get(type.name);
      if (earlier !== undefined) {
        const message = `process type \`${type.name}\` is declared again: this line replaces line ${earlier.line} (the last one wins, as on Heroku)`;
        report('warning', message, line.indexOf(type.name) + 1, 'Remove one of the two lines.');
      }
      // A re-inserted key keeps its first position, like Heroku's insertion-ordered map.
      types.set(type.name, type);
    });
  if (types.size === 0) {
    diagnostics.push({
      severity: 'error',
      file,
      message: 'no process types: Heroku would start no dynos from this Procfile',
      hint: 'Add a line such as `web: npm start`.',
    });
  }
  return { value: { types: [...types.values()] }, diagnostics };
}

/** Blank lines and comments: `#` is not a name character, so Heroku's regex skips them. */
function isSilent(line: string): boolean {
  return /^\s*(?:#|$)/.test(line);
}

function problem(why: string, column: number, hint: string): Problem {
  return { message: `${IGNORED}: ${why}`, column, hint };
}

/** Why Heroku's regex skipped a line: the user meant something, and this says what went wrong. */
function explainIgnoredLine(line: string, continues: boolean): Problem {
  const at = line.search(/\S/) + 1;
  if (continues) {
    return problem(
      'it continues the line above, but a Procfile has no line continuations',
      at,
      CONTINUATION_HINT,
    );
  }
  if (line.startsWith(BOM)) {
    return problem(
      'it starts with an invisible byte order mark (BOM)',
      1,
      'Save the file as UTF-8 without a BOM.',
    );
  }
  const match = /^\s*([^\s:]*)\s*:(.*)$/.exec(line);
  if (match === null) {
    const word = /^\s*([\w-]+)$/.exec(line)?.[1];
    if (word !== undefined) return problem(`\`${word}\` has no command`, at, noCommandHint(word));
    const hint = 'Write process types as `name: command`; comment lines start with `#`.';
    return problem('it is not `name: command`', at, hint);
  }
  const [, name = '', rest = ''] = match;
  if (name === '') {
    const hint = `Name it, for example \`web: ${rest.trim() || '<command>'}\`.`;
    return problem('it has no process type name before the colon', at, hint);
  }
  const bad = name.search(/[^\w-]/);
  if (bad !== -1) {
    const message = `process type names may only use letters, digits, \`_\` and \`-\` (\`${name}\`)`;
    const renamed = name.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '') || 'web';
    return problem(message, at + bad, `Rename it, for example \`${renamed}\`.`);
  }
  if (rest === '') return problem(`\`${name}\` has no command`, at, noCommandHint(name));
  return problem(
    `it needs a space after \`${name}:\``,
    at + name.length + 1,
    `Write \`${name}: ${rest}\`.`,
  );
}

function noCommandHint(name: string): string {
  return `Write the command after the colon and a space: \`${name}: <command>\`.`;
}

function parseLine(
  line: string,
  lineNumber: number,
  continues: boolean,
  report: Report,
): ProcessType | undefined {
  if (isSilent(line)) return undefined;
  const match = HEROKU_LINE.exec(line);
  if (match === null) {
    const { message, column, hint } = explainIgnoredLine(line, continues);
    report('error', message, column, hint);
    return undefined;
  }
  const [, indent = '', name = '', colon = '', rest = ''] = match;
  const command = rest.replace(/[ \t\v\f\r]+$/, '');
  if (command === '') {
    report(
      'error',
      `process type \`${name}\` has no command`,
      indent.length + 1,
      noCommandHint(name),
    );
    return undefined;
  }
  if (colon === '' && continues) {
    const message = `this line continues the line above, but a Procfile has no line continuations: Heroku reads it as process type \`${name}\` with the command \`${command}\``;
    report('error', message, indent.length + 1, CONTINUATION_HINT);
    return undefined;
  }
  if (colon === '') checkMissingColon(line, name, command, report);
  checkName(name, indent.length + 1, report);
  if (command.endsWith('\\')) {
    report(
      'warning',
      'the line ends with `\\`, but a Procfile has no line continuations: Heroku runs the command with the `\\` and reads the next line on its own',
      line.lastIndexOf('\\') + 1,
      CONTINUATION_HINT,
    );
  }
  return { name, command, line: lineNumber };
}

/** The colon is optional in Heroku's regex, so `web npm start` and `web : npm start` both match. */
function checkMissingColon(line: string, name: string, command: string, report: Report): void {
  if (command.startsWith(':')) {
    report(
      'error',
      `Heroku reads this line as process type \`${name}\` with the command \`${command}\` (there is a space before the colon): bash runs nothing and the dyno exits at once`,
      line.indexOf(':') + 1,
      `Remove the space before the colon: \`${name}: ${command.slice(1).trim() || '<command>'}\`.`,
    );
    return;
  }
  report(
    'warning',
    `there is no colon after \`${name}\`: Heroku accepts this line, but foreman, heroku local and Heroku's newer Procfile spec do not`,
    line.indexOf(name) + name.length + 1,
    `Write \`${name}: ${command}\`.`,
  );
}

function checkName(name: string, column: number, report: Report): void {
  if (name.length > MAX_NAME_LENGTH) {
    const message = `process type \`${name.slice(0, 20)}…\` has ${name.length} characters; Heroku allows at most ${MAX_NAME_LENGTH}`;
    report('error', message, column, 'Use a shorter name.');
    return;
  }
  if (!CNB_NAME.test(name)) {
    const corrected = name.toLowerCase().replaceAll('_', '-');
    const example = CNB_NAME.test(corrected) ? `, such as \`${corrected}\`` : '';
    const message = `process type \`${name}\` does not follow Heroku's newer Procfile spec (Cloud Native Buildpacks), which ${cnbProblem(name)}`;
    const hint = `Use lowercase letters, digits and inner \`-\`, at most 63 characters${example}.`;
    report('warning', message, column, hint);
  }
  if (name === 'run') {
    const message =
      'a process type named `run` collides with one-off dynos, which Heroku names run.1, run.2, …';
    report('warning', message, column, 'Choose another name, such as `runner`.');
  }
}

function cnbProblem(name: string): string {
  if (name.length > 63) return 'allows at most 63 characters';
  if (/[A-Z_]/.test(name)) return 'rewrites uppercase letters and `_` (with a warning)';
  return 'rejects names that start or end with `-`';
}
