// Just enough of npm's semver ranges to tell whether a Node.js major line can satisfy
// `engines.node`: `20`, `20.x`, `^20.1`, `~20`, `>=20.19`, `<23`, `18 || 20`, `>=18 <21`, `*`.
// Comparisons are by major line only: `>=20.19` accepts the 20 line, as a 20.x release does.

function comparatorAllows(comparator: string, major: number): boolean {
  const match = /^(\^|~|>=|<=|>|<|=)?v?(\d+|x|\*)?(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/i.exec(
    comparator,
  );
  if (match === null) return false;
  const [, operator = '', majorText, minorText, patchText] = match;
  if (majorText === undefined || !/^\d+$/.test(majorText)) return true; // `*`, `x`, ``
  const wanted = Number(majorText);
  const exactlyMajor = !/^\d+$/.test(minorText ?? '') && !/^\d+$/.test(patchText ?? '');
  const aboveZero = Number(minorText ?? 0) > 0 || Number(patchText ?? 0) > 0;
  switch (operator) {
    case '>=':
      return major >= wanted;
    case '>':
      return exactlyMajor ? major > wanted : major >= wanted;
    case '<':
      return aboveZero ? major <= wanted : major < wanted;
    case '<=':
      return major <= wanted;
    default:
      return major === wanted;
  }
}

/** Whether some release of the `major` line can satisfy the range. */
export function rangeAllowsMajor(range: string, major: number): boolean {
  return range.split('||').some((set) => {
    const comparators = set
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter((part) => part !== '');
    if (comparators.length === 3 && comparators[1] === '-')
      return (
        major >= Number.parseInt(comparators[0] ?? '', 10) &&
        major <= Number.parseInt(comparators[2] ?? '', 10)
      );
    return comparators.every((comparator) => comparatorAllows(comparator, major));
  });
}
