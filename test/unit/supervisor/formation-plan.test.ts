// Which dynos a formation asks for, in the order Heroku's dyno manager boots and stops them.
import { describe, expect, it } from 'vitest';
import type { ProcessType } from '../../../src/domain/app-spec.js';
import {
  formationForTypes,
  missingDynos,
  surplusDynos,
} from '../../../src/supervisor/formation-plan.js';

const types: ProcessType[] = [
  { name: 'web', command: 'node server.js', line: 1 },
  { name: 'release', command: 'node migrate.js', line: 2 },
  { name: 'worker', command: 'node worker.js', line: 3 },
];

const dyno = (name: string) => ({ name, spec: { type: name.split('.')[0] ?? '' } });

describe('missingDynos', () => {
  it.each([
    { formation: { web: 2, worker: 1 }, existing: [], names: ['web.1', 'web.2', 'worker.1'] },
    { formation: { web: 3 }, existing: ['web.1'], names: ['web.2', 'web.3'] },
    { formation: { web: 1, worker: 0 }, existing: ['web.1'], names: [] },
    { formation: { release: 1, nope: 2 }, existing: [], names: [] },
  ])('$formation with $existing running boots $names', ({ formation, existing, names }) => {
    const planned = missingDynos(
      new Map(Object.entries(formation)),
      types,
      new Set(existing),
      5000,
    );
    expect(planned.map((entry) => entry.name)).toEqual(names);
  });

  it('prefers a port per type block and dyno number', () => {
    const planned = missingDynos(
      new Map([
        ['web', 2],
        ['worker', 1],
      ]),
      types,
      new Set(),
      5000,
    );
    expect(planned.map((entry) => entry.preferredPort)).toEqual([5000, 5001, 5100]);
  });
});

describe('surplusDynos', () => {
  it.each([
    { running: ['web.1', 'web.2', 'web.3'], formation: { web: 1 }, surplus: ['web.3', 'web.2'] },
    { running: ['web.1', 'worker.1'], formation: { web: 1 }, surplus: ['worker.1'] },
    { running: ['web.1', 'web.2'], formation: { web: 2 }, surplus: [] },
  ])('$running at $formation stops $surplus, highest first', ({ running, formation, surplus }) => {
    const found = surplusDynos(running.map(dyno), new Map(Object.entries(formation)));
    expect(found.map((entry) => entry.name)).toEqual(surplus);
  });
});

describe('formationForTypes', () => {
  it('keeps quantities, starts new types at the given quantity, drops gone types and release', () => {
    const formation = new Map([
      ['web', 2],
      ['clock', 1],
    ]);
    expect(formationForTypes(formation, types, 0)).toEqual(
      new Map([
        ['web', 2],
        ['worker', 0],
      ]),
    );
    expect(formationForTypes(formation, types, 1)).toEqual(
      new Map([
        ['web', 2],
        ['worker', 1],
      ]),
    );
  });
});
