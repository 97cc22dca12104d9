import { describe, expect, it } from 'vitest';
import type { FormationRequest } from '../../../src/config/formation.js';
import { parseFormationArgs, resolveFormation } from '../../../src/config/formation.js';
import { formatDiagnostic } from '../../../src/domain/diagnostic.js';

const TYPES = ['web', 'worker', 'release', 'clock'];

function request(quantities: Record<string, number>, all?: number): FormationRequest {
  return { quantities: new Map(Object.entries(quantities)), ...(all === undefined ? {} : { all }) };
}

/** The formation as `[type, quantity]` pairs, in order. */
function resolved(
  appJson: Record<string, number> | undefined,
  formationRequest: FormationRequest | undefined,
  types = TYPES,
): { formation: [string, number][]; diagnostics: string[] } {
  const result = resolveFormation(
    types,
    appJson === undefined ? undefined : new Map(Object.entries(appJson)),
    formationRequest,
  );
  return { formation: [...result.value], diagnostics: result.diagnostics.map(formatDiagnostic) };
}

describe('parseFormationArgs: foreman and heroku local syntax', () => {
  it.each<[string[], Record<string, number>, number | undefined]>([
    [['web=2'], { web: 2 }, undefined],
    [['web=2,worker=1'], { web: 2, worker: 1 }, undefined],
    [['web=2', 'worker=1'], { web: 2, worker: 1 }, undefined],
    [['web=2 worker=1'], { web: 2, worker: 1 }, undefined],
    [['web=2, worker=1,'], { web: 2, worker: 1 }, undefined],
    [['web'], { web: 1 }, undefined],
    [['web,worker'], { web: 1, worker: 1 }, undefined],
    [['worker=0'], { worker: 0 }, undefined],
    [['my-worker=3', 'worker_2'], { 'my-worker': 3, worker_2: 1 }, undefined],
    [['all=2'], {}, 2],
    [['all=1,worker=0'], { worker: 0 }, 1],
    [['all'], {}, 1],
    [['web=007'], { web: 7 }, undefined],
  ])('%j', (args, quantities, all) => {
    const parsed = parseFormationArgs(args);
    expect(parsed.value).toEqual(request(quantities, all));
    expect(parsed.diagnostics).toEqual([]);
  });

  it('keeps the order of the arguments', () => {
    expect([...parseFormationArgs(['worker=1,web=2']).value.quantities.keys()]).toEqual([
      'worker',
      'web',
    ]);
  });
});

describe('parseFormationArgs: errors', () => {
  const QUANTITY_HINT = '\n  Write a number of dynos, such as `web=2`, or `web=0` for none.';
  it.each<[string[], string[]]>([
    [['web=-1'], [`formation: error: \`web=-1\`: a quantity cannot be negative${QUANTITY_HINT}`]],
    [
      ['web=1.5'],
      [`formation: error: \`web=1.5\`: a quantity must be a whole number${QUANTITY_HINT}`],
    ],
    [
      ['web=two'],
      [
        `formation: error: \`web=two\`: the quantity must be a whole number, 0 or more${QUANTITY_HINT}`,
      ],
    ],
    [
      ['web='],
      [
        `formation: error: \`web=\`: the quantity must be a whole number, 0 or more${QUANTITY_HINT}`,
      ],
    ],
    [
      ['web=1', 'web=2'],
      ['formation: error: `web` is listed more than once\n  Give each process type once.'],
    ],
    [
      ['all=1,all=2'],
      ['formation: error: `all` is listed more than once\n  Give each process type once.'],
    ],
    [
      ['web:2'],
      [
        'formation: error: `web:2` is not `type=N`\n  Write `web=2`, or just `web` for one dyno; separate items with commas or spaces.',
      ],
    ],
    [
      ['=2'],
      [
        'formation: error: `=2` is not `type=N`\n  Write `web=2`, or just `web` for one dyno; separate items with commas or spaces.',
      ],
    ],
    [
      ['web+1'],
      [
        'formation: error: `web+1` is not `type=N`\n  hdev start takes absolute quantities: write `web=N`.',
      ],
    ],
    [[','], ['formation: error: no process types given\n  Write `web=1,worker=2`.']],
    [
      ['web=2:standard-2x'],
      ['formation: warning: `web=2:standard-2x`: dyno sizes are not emulated; the size is ignored'],
    ],
  ])('%j', (args, expected) => {
    expect(parseFormationArgs(args).diagnostics.map(formatDiagnostic)).toEqual(expected);
  });

  it('keeps the valid items next to bad ones', () => {
    const parsed = parseFormationArgs(['web=2,worker=-1,clock']);
    expect(parsed.value).toEqual(request({ web: 2, clock: 1 }));
    expect(parsed.diagnostics).toHaveLength(1);
  });

  it('accepts a size, which has no meaning locally', () => {
    expect(parseFormationArgs(['web=2:standard-2x']).value).toEqual(request({ web: 2 }));
  });
});

describe('resolveFormation', () => {
  it.each<
    [string, Record<string, number> | undefined, FormationRequest | undefined, [string, number][]]
  >([
    [
      'by default one dyno of every type but release',
      undefined,
      undefined,
      [
        ['web', 1],
        ['worker', 1],
        ['clock', 1],
      ],
    ],
    [
      'app.json quantities override the default',
      { worker: 0, web: 2 },
      undefined,
      [
        ['web', 2],
        ['worker', 0],
        ['clock', 1],
      ],
    ],
    [
      'a request runs only the listed types',
      undefined,
      request({ web: 2 }),
      [
        ['web', 2],
        ['worker', 0],
        ['clock', 0],
      ],
    ],
    [
      'all=N applies to the types not listed',
      undefined,
      request({ worker: 0 }, 3),
      [
        ['web', 3],
        ['worker', 0],
        ['clock', 3],
      ],
    ],
    [
      'a request ignores app.json',
      { web: 5, clock: 2 },
      request({ worker: 1 }),
      [
        ['web', 0],
        ['worker', 1],
        ['clock', 0],
      ],
    ],
    [
      'Procfile order, whatever the request order',
      undefined,
      request({ clock: 1, web: 1 }),
      [
        ['web', 1],
        ['worker', 0],
        ['clock', 1],
      ],
    ],
  ])('%s', (_name, appJson, formationRequest, formation) => {
    expect(resolved(appJson, formationRequest)).toEqual({ formation, diagnostics: [] });
  });

  it.each<[string, Record<string, number> | undefined, FormationRequest | undefined, string[]]>([
    [
      'an unknown type in the request',
      undefined,
      request({ wbe: 2 }),
      [
        'formation: error: unknown process type `wbe`\n  The Procfile declares: web, worker, clock.',
      ],
    ],
    [
      'release in the request',
      undefined,
      request({ web: 1, release: 1 }),
      [
        'formation: error: `release` is not a dyno type: it runs once, in the release phase, before the dynos start\n  Leave it out: hdev start runs the release phase by itself.',
      ],
    ],
    [
      'an app.json type that the Procfile does not declare',
      { web: 1, scheduler: 1 },
      undefined,
      [
        'app.json: warning: app.json `formation` lists `scheduler`, which the Procfile does not declare; ignored\n  The Procfile declares: web, worker, clock.',
      ],
    ],
    [
      'release in app.json',
      { release: 1 },
      undefined,
      [
        'app.json: warning: app.json `formation` lists `release`, which runs in the release phase, not as dynos; ignored',
      ],
    ],
    [
      'a request that starts nothing',
      undefined,
      request({ web: 0 }),
      [
        'formation: warning: this formation starts no dynos\n  Give at least one process type a quantity above 0, such as `web=1`.',
      ],
    ],
  ])('%s', (_name, appJson, formationRequest, diagnostics) => {
    expect(resolved(appJson, formationRequest).diagnostics).toEqual(diagnostics);
  });

  it('gives release no dynos, even as the only type', () => {
    expect(resolved(undefined, undefined, ['release'])).toEqual({
      formation: [],
      diagnostics: [
        'Procfile: warning: this formation starts no dynos\n  Give at least one process type a quantity above 0, such as `web=1`.',
      ],
    });
  });

  it('blames app.json when its quantities start nothing', () => {
    expect(resolved({ web: 0, worker: 0, clock: 0 }, undefined).diagnostics).toEqual([
      'app.json: warning: this formation starts no dynos\n  Give at least one process type a quantity above 0, such as `web=1`.',
    ]);
  });

  it('says so when the Procfile declares no types', () => {
    expect(resolved(undefined, request({ web: 1 }), []).diagnostics).toEqual([
      'formation: error: unknown process type `web`\n  The Procfile declares no dyno types.',
    ]);
  });
});
