// An EnvironmentFile= reader written from systemd.exec(5), to check what export writes.

/**
 * Lines starting with `#` or `;`, blank lines and lines without `=` are ignored. Unquoted values:
 * shell backslash rules, leading and trailing whitespace dropped, `\` + newline continues.
 * `'…'`: verbatim, may span lines. `"…"`: `\` keeps a following `"`, `\`, `` ` `` or `$`,
 * `\` + newline continues, any other backslash stays with its character; may span lines.
 */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  let i = 0;
  const at = (offset = 0): string => text[i + offset] ?? '';
  const skipLine = (): void => {
    while (i < text.length && at() !== '\n') i++;
    i++;
  };
  while (i < text.length) {
    while (at() === ' ' || at() === '\t') i++;
    if (at() === '#' || at() === ';' || at() === '\n') {
      skipLine();
      continue;
    }
    const lineEnd = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    const equals = text.indexOf('=', i);
    if (equals === -1 || equals > lineEnd) {
      skipLine();
      continue;
    }
    const key = text.slice(i, equals).trim();
    i = equals + 1;
    while (at() === ' ' || at() === '\t') i++;
    let value = '';
    if (at() === "'") {
      const close = text.indexOf("'", i + 1);
      value = text.slice(i + 1, close);
      i = close + 1;
      skipLine();
    } else if (at() === '"') {
      i++;
      while (i < text.length && at() !== '"') {
        if (at() === '\\') {
          const next = at(1);
          if ('"\\`$'.includes(next) && next !== '') value += next;
          else if (next !== '\n') value += `\\${next}`;
          i += 2;
        } else {
          value += at();
          i++;
        }
      }
      i++;
      skipLine();
    } else {
      while (i < text.length && at() !== '\n') {
        if (at() === '\\') {
          if (at(1) !== '\n') value += at(1);
          i += 2;
        } else {
          value += at();
          i++;
        }
      }
      i++;
      value = value.replace(/[ \t\r]+$/, '');
    }
    env[key] = value;
  }
  return env;
}
