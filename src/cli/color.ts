// Whether to colour output: a terminal that can show it, unless NO_COLOR says no or FORCE_COLOR
// says yes (https://no-color.org, and the FORCE_COLOR convention of Node's own tools).

export function shouldUseColor(
  stream: { readonly isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  return stream.isTTY === true && env.TERM !== 'dumb';
}
