// Header hygiene for a proxy: hop-by-hop headers describe one connection and are not forwarded
// (RFC 9110 §7.6.1); the router sets its own framing on each side.
//
// Headers travel as raw lists ([name, value, name, value…], Node's rawHeaders): names keep their
// case and repeated headers stay separate lines, as sent. Node also writes a list without
// validating and storing each header one by one, as it does for an object: with the router's
// own headers added, that cost more than the rest of forwarding a small request.

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/** A raw header list, as Node's `rawHeaders` and as `writeHead` and `request` take it. */
export type RawHeaders = string[];

const NOTHING: ReadonlySet<string> = new Set();

/** The header names a `Connection` value lists, lower-cased: those are hop-by-hop too. */
function connectionNamed(raw: readonly string[]): ReadonlySet<string> {
  let named: Set<string> | undefined;
  for (let index = 0; index < raw.length; index += 2) {
    if ((raw[index] ?? '').toLowerCase() !== 'connection') continue;
    for (const token of (raw[index + 1] ?? '').split(',')) {
      const name = token.trim().toLowerCase();
      if (name !== '') (named ??= new Set()).add(name);
    }
  }
  return named ?? NOTHING;
}

/**
 * Pure: the end-to-end headers of a raw list, without those named in `replaced` (lower-case:
 * the router sets them itself), followed by `added` ({name: value}).
 */
export function endToEndHeaders(
  raw: readonly string[],
  replaced: ReadonlySet<string> = NOTHING,
  added: Readonly<Record<string, string>> = {},
): RawHeaders {
  const named = connectionNamed(raw);
  const result: RawHeaders = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] ?? '';
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower) || replaced.has(lower)) continue;
    result.push(name, raw[index + 1] ?? '');
  }
  for (const [name, value] of Object.entries(added)) result.push(name, value);
  return result;
}

/** Whether a raw list has a header (`name` lower-case). */
export function hasHeader(raw: readonly string[], name: string): boolean {
  for (let index = 0; index < raw.length; index += 2) {
    if ((raw[index] ?? '').toLowerCase() === name) return true;
  }
  return false;
}

/** A request header as one string: Node gives some repeated headers as arrays. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
