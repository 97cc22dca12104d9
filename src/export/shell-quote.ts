// POSIX shell quoting, for the targets that hand config vars to `sh` (supervisord, runit).

/** A single-quoted shell word: every byte literal, `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `export KEY='value'` lines a POSIX shell can source: exact for any value without NUL. */
export function shellEnvFile(header: string, vars: readonly (readonly [string, string])[]): string {
  return header + vars.map(([key, value]) => `export ${key}=${shellQuote(value)}\n`).join('');
}
