// The env-file grammar hdev shares with dotenv, in one place for the reader and the editor.

/**
 * dotenv 17's LINE regex (lib/main.js), with the `d` flag for match positions. Scanning with the
 * same regex finds exactly the entries dotenv finds, multiline quoted values included. Use it
 * with `matchAll`, which works on a copy, so the shared `lastIndex` never leaks between callers.
 */
export const DOTENV_LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm;

/** Heroku's Platform API accepts config var names matching `^\w+$` (config-var schema). */
export const HEROKU_KEY = /^\w+$/;
