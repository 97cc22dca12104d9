// One upper bound on the dynos of a process type, whichever way the quantity arrives: `hdev start`
// arguments (and -m), app.json `formation`, `hdev scale`.
import { describe, expect, it } from 'vitest';
import { parseFormationArgs, resolveFormation } from '../../../src/config/formation.js';
import { MAX_DYNOS_PER_TYPE, quantityBoundHint } from '../../../src/domain/formation.js';
import { applyScale, parseScaleArgs } from '../../../src/domain/scale.js';

const TYPES = ['web', 'worker'];
const BOUND_HINT = quantityBoundHint(MAX_DYNOS_PER_TYPE + 1);

/** The hints of the errors each path reports for one quantity. */
function errorHints(path: string, quantity: string): (string | undefined)[] {
  switch (path) {
    case 'start web=N': {
      const request = parseFormationArgs([`web=${quantity}`]);
      return request.diagnostics.filter((d) => d.severity === 'error').map((d) => d.hint);
    }
    case 'start all=N': {
      const request = parseFormationArgs([`all=${quantity}`]);
      return request.diagnostics.filter((d) => d.severity === 'error').map((d) => d.hint);
    }
    case 'app.json formation': {
      const resolved = resolveFormation(TYPES, new Map([['web', Number(quantity)]]), undefined);
      return resolved.diagnostics.filter((d) => d.severity === 'error').map((d) => d.hint);
    }
    case 'scale web=N': {
      const parsed = parseScaleArgs([`web=${quantity}`]);
      if (!parsed.ok) return [parsed.hint];
      const scaled = applyScale(new Map([['web', 1]]), parsed.changes, TYPES);
      return scaled.ok ? [] : [scaled.hint];
    }
    default:
      throw new Error(path);
  }
}

const PATHS = ['start web=N', 'start all=N', 'app.json formation', 'scale web=N'];

describe(`the dyno bound (${MAX_DYNOS_PER_TYPE} per process type)`, () => {
  it('is the hint every refusal gives', () => {
    expect(BOUND_HINT).toMatch(/100 dynos per process type/);
  });

  it.each(PATHS)('%s accepts exactly the bound', (path) => {
    expect(errorHints(path, String(MAX_DYNOS_PER_TYPE))).toEqual([]);
  });

  it.each(
    PATHS.flatMap((path) =>
      ['101', '1000', '1000000000', '99999999999999999999999'].map((n) => [path, n] as const),
    ),
  )('%s refuses %s', (path, quantity) => {
    expect(errorHints(path, quantity)).toEqual([BOUND_HINT]);
  });

  it('keeps a refused app.json quantity out of the formation', () => {
    const resolved = resolveFormation(TYPES, new Map([['web', 1e9]]), undefined);
    expect(resolved.diagnostics.map((d) => [d.file, d.message])).toEqual([
      ['app.json', 'app.json `formation.web.quantity` is 1000000000, too many dynos'],
    ]);
    expect(Math.max(...resolved.value.values())).toBeLessThanOrEqual(MAX_DYNOS_PER_TYPE);
  });
});
