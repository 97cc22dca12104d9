// How a command line is shown and put together (Heroku's `Starting process` line, `heroku run`).

/**
 * The command as Heroku's `Starting process with command` line shows it: `$PORT` and `${PORT}`
 * replaced by the dyno's port, every other variable left as written (observed in Heroku logs:
 * `bundle exec puma -p 48278 -e $RAILS_ENV`).
 */
export function displayCommand(command: string, port: number): string {
  return command.replace(/\$\{PORT\}|\$PORT(?![A-Za-z0-9_])/g, String(port));
}

const NEEDS_QUOTES = /[\s"'\\`()<>|&;*?[\]{}!#~]/;

/**
 * `hdev run` arguments → one shell command line. Like `heroku run`, a single argument is a shell
 * command line as it is (`hdev run 'echo $PORT'`), and several are joined with spaces. hdev quotes
 * an argument that holds spaces or shell syntax in double quotes, so `hdev run node -e
 * "console.log(1)"` works; `$VAR` still expands inside them, as it would on Heroku.
 */
export function joinRunArgs(args: readonly string[]): string {
  if (args.length === 1) return args[0] ?? '';
  return args
    .map((arg) =>
      arg === '' || NEEDS_QUOTES.test(arg) ? `"${arg.replace(/["\\`]/g, '\\$&')}"` : arg,
    )
    .join(' ');
}
