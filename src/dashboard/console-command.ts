// What the console runs: the line typed in the dashboard, as `heroku run` reads its arguments.
// Pure: the Procfile's types in, a shell command out.

export interface NamedCommand {
  readonly name: string;
  readonly command: string;
}

/** Heroku's console opens `bash` when no command is given. */
export const DEFAULT_CONSOLE_COMMAND = 'bash';

/**
 * `bash` → `bash`; `worker 42`, when `worker` is a Procfile type → its command with ` 42`
 * appended (Heroku: `heroku run worker 42`). Anything else is a shell command line as typed, so
 * `echo $DYNO` expands in the dyno, as it does in `heroku run 'echo $DYNO'`.
 */
export function consoleCommand(line: string, types: readonly NamedCommand[]): string {
  const trimmed = line.trim();
  if (trimmed === '') return DEFAULT_CONSOLE_COMMAND;
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const type = types.find((candidate) => candidate.name === first);
  if (type === undefined) return trimmed;
  return rest.length === 0 ? type.command : `${type.command} ${trimmed.slice(first.length).trim()}`;
}

/** Terminal sizes the console accepts; anything else falls back to Heroku's 80×24. */
export function terminalSize(
  cols: unknown,
  rows: unknown,
): { readonly cols: number; readonly rows: number } {
  const valid = (value: unknown, max: number): value is number =>
    typeof value === 'number' && Number.isInteger(value) && value >= 2 && value <= max;
  return { cols: valid(cols, 1000) ? cols : 80, rows: valid(rows, 500) ? rows : 24 };
}
