import { describe, expect, it } from 'vitest';
import type { Formation } from '../../../src/domain/formation.js';
import type { ScaleChange } from '../../../src/domain/scale.js';
import {
  applyScale,
  formatFormation,
  parseScaleArgs,
  scaledMessage,
  scaleSummary,
} from '../../../src/domain/scale.js';

const TYPES = ['web', 'worker', 'release', 'clock'];

function formation(quantities: Record<string, number>): Formation {
  return new Map(Object.entries(quantities));
}

function change(type: string, op: ScaleChange['op'], amount: number): ScaleChange {
  return { type, op, amount };
}

/** Parse then apply, the way `hdev scale` does; the formation as `web=1 worker=0`, in order. */
function scaled(
  current: Record<string, number>,
  args: string[],
  types = TYPES,
): string | { message: string; hint: string } {
  const parsed = parseScaleArgs(args);
  if (!parsed.ok) throw new Error(`unexpected parse error: ${parsed.message}`);
  const result = applyScale(formation(current), parsed.changes, types);
  if (!result.ok) return { message: result.message, hint: result.hint };
  return [...result.formation].map(([type, quantity]) => `${type}=${quantity}`).join(' ');
}

describe('parseScaleArgs: heroku ps:scale syntax', () => {
  it.each<[string[], ScaleChange[]]>([
    [[], []],
    [[''], []],
    [['web=3'], [change('web', '=', 3)]],
    [['worker+1'], [change('worker', '+', 1)]],
    [['web-1'], [change('web', '-', 1)]],
    [['web=0'], [change('web', '=', 0)]],
    [['web=007'], [change('web', '=', 7)]],
    [
      ['web=3', 'worker+1', 'web-1', 'worker=0'],
      [
        change('web', '=', 3),
        change('worker', '+', 1),
        change('web', '-', 1),
        change('worker', '=', 0),
      ],
    ],
    [['web=2,worker=1'], [change('web', '=', 2), change('worker', '=', 1)]],
    [['web=2, worker+1,'], [change('web', '=', 2), change('worker', '+', 1)]],
    [['web=2 worker=1'], [change('web', '=', 2), change('worker', '=', 1)]],
    // Sizes are accepted and ignored: hdev has no dyno sizes.
    [['web=3:Standard-2X'], [change('web', '=', 3)]],
    [['worker+1:performance-l'], [change('worker', '+', 1)]],
    [['web-1:Basic,worker=2:Eco'], [change('web', '-', 1), change('worker', '=', 2)]],
    // `[\w-]+` is greedy: the last sign before the digits is the operator.
    [['my-worker-1'], [change('my-worker', '-', 1)]],
    [
      ['my-worker=2', 'worker_2+3'],
      [change('my-worker', '=', 2), change('worker_2', '+', 3)],
    ],
  ])('%j', (args, changes) => {
    expect(parseScaleArgs(args)).toEqual({ ok: true, changes });
  });
});

describe('parseScaleArgs: items Heroku would silently drop are errors', () => {
  it.each<[string[], string]>([
    [['web'], 'web'],
    [['web=two'], 'web=two'],
    [['web='], 'web='],
    [['web=-1'], 'web=-1'],
    [['web=1.5'], 'web=1.5'],
    [['web*2'], 'web*2'],
    [['=2'], '=2'],
    [['web=2:'], 'web=2:'],
    [['web:Basic=2'], 'web:Basic=2'],
    [['web.1=2'], 'web.1=2'],
    [['web=2', 'worker'], 'worker'],
    [['web=2,oops,worker=1'], 'oops'],
  ])('%j', (args, item) => {
    expect(parseScaleArgs(args)).toEqual({
      ok: false,
      message: `\`${item}\` is not \`type=N\`, \`type+N\` or \`type-N\``,
      hint: expect.stringContaining('`web=2`') as string,
    });
  });

  it('shows the three forms in the hint', () => {
    const parsed = parseScaleArgs(['web']);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.hint).toContain('`web=2`');
    expect(parsed.hint).toContain('`worker+1`');
    expect(parsed.hint).toContain('`web-1`');
  });
});

describe('applyScale', () => {
  it.each<[string, Record<string, number>, string[], string]>([
    ['sets', { web: 1, worker: 1, clock: 0 }, ['web=3'], 'web=3 worker=1 clock=0'],
    ['adds', { web: 1, worker: 1, clock: 0 }, ['worker+2'], 'web=1 worker=3 clock=0'],
    ['removes', { web: 3, worker: 1, clock: 0 }, ['web-1'], 'web=2 worker=1 clock=0'],
    ['scales to 0', { web: 1, worker: 1, clock: 1 }, ['worker-1'], 'web=1 worker=0 clock=1'],
    ['applies in order', { web: 1 }, ['web=3', 'web-1'], 'web=2 worker=0 clock=0'],
    [
      'later items see earlier ones',
      {},
      ['worker+1,worker+1', 'worker=5', 'worker-2'],
      'web=0 worker=3 clock=0',
    ],
    ['the last `=` wins', { web: 1 }, ['web=4,web=2'], 'web=2 worker=0 clock=0'],
    [
      'several types at once',
      { web: 1, worker: 1 },
      ['web=3', 'worker+1', 'clock=1'],
      'web=3 worker=2 clock=1',
    ],
    ['missing types default to 0', {}, ['worker+1'], 'web=0 worker=1 clock=0'],
    ['missing types default to 0 before `-`', { web: 2 }, ['clock-0'], 'web=2 worker=0 clock=0'],
    ['no changes fills in every known type', { worker: 2 }, [], 'web=0 worker=2 clock=0'],
    [
      'keeps the known types order',
      { clock: 1, worker: 2, web: 3 },
      ['web+1'],
      'web=4 worker=2 clock=1',
    ],
    ['drops types no longer known', { web: 1, gone: 2 }, [], 'web=1 worker=0 clock=0'],
    ['never includes release', { web: 1, release: 1 }, [], 'web=1 worker=0 clock=0'],
    ['reaches the bound of 100', { web: 99 }, ['web+1'], 'web=100 worker=0 clock=0'],
    ['sets 100, then comes down', { web: 1 }, ['web=100', 'web-1'], 'web=99 worker=0 clock=0'],
    ['ignores sizes', { web: 1 }, ['web=2:Standard-2X'], 'web=2 worker=0 clock=0'],
  ])('%s: %j + %j', (_name, current, args, expected) => {
    expect(scaled(current, args)).toBe(expected);
  });

  it('does not change the formation it was given', () => {
    const current = formation({ web: 1 });
    applyScale(current, [change('web', '=', 3)], TYPES);
    expect([...current]).toEqual([['web', 1]]);
  });
});

describe('applyScale: errors', () => {
  const KNOWN = "The Procfile's process types are: web, worker, clock.";
  it.each<[string, Record<string, number>, string[], string, string]>([
    ['unknown type', { web: 1 }, ['wokrer=1'], "Couldn't find that process type (`wokrer`)", KNOWN],
    [
      'unknown type after a valid one',
      { web: 1 },
      ['web=2', 'clocks+1'],
      "Couldn't find that process type (`clocks`)",
      KNOWN,
    ],
    [
      'below 0',
      { web: 1, worker: 1 },
      ['worker-2'],
      '`worker-2` would scale worker to -1',
      'A quantity cannot go below 0; `worker=0` stops every worker dyno.',
    ],
    [
      'below 0 from a missing type',
      { web: 1 },
      ['clock-1'],
      '`clock-1` would scale clock to -1',
      'A quantity cannot go below 0; `clock=0` stops every clock dyno.',
    ],
    [
      'below 0 after an earlier change',
      { web: 3 },
      ['web=1', 'web-2'],
      '`web-2` would scale web to -1',
      'A quantity cannot go below 0; `web=0` stops every web dyno.',
    ],
    [
      'above 100 by `=`',
      { web: 1 },
      ['web=101'],
      '`web=101` would scale web to 101',
      'hdev stops at 100 dynos per process type, a sanity bound: each dyno is a process on this machine.',
    ],
    [
      'above 100 by `+`',
      { web: 100 },
      ['web+1'],
      '`web+1` would scale web to 101',
      'hdev stops at 100 dynos per process type, a sanity bound: each dyno is a process on this machine.',
    ],
  ])('%s', (_name, current, args, message, hint) => {
    expect(scaled(current, args)).toEqual({ message, hint });
  });

  it.each<[string[]]>([
    [['release=1']],
    [['release+1']],
    [['release=0']],
    [['web=2', 'release-1']],
  ])('refuses release: %j', (args) => {
    expect(scaled({ web: 1 }, args)).toEqual({
      message: '`release` cannot be scaled: it is not a formation process',
      hint: `It runs once in the release phase, before the dynos start. The Procfile's process types are: web, worker, clock.`,
    });
  });

  it('refuses release even when the Procfile does not declare it', () => {
    const result = scaled({ web: 1 }, ['release=1'], ['web']);
    expect(result).toMatchObject({
      message: '`release` cannot be scaled: it is not a formation process',
    });
  });

  it('says when there are no types to scale', () => {
    expect(scaled({}, ['web=1'], [])).toEqual({
      message: "Couldn't find that process type (`web`)",
      hint: 'The Procfile has no process types to scale.',
    });
  });
});

describe('formatting a formation', () => {
  it.each<[Record<string, number>, string, string, string]>([
    [
      { web: 2, worker: 1 },
      'web=2 worker=1',
      'Scaled to web@2 worker@1',
      'now running web at 2, worker at 1',
    ],
    [
      { worker: 0, web: 3 },
      'worker=0 web=3',
      'Scaled to worker@0 web@3',
      'now running worker at 0, web at 3',
    ],
    [{ web: 1 }, 'web=1', 'Scaled to web@1', 'now running web at 1'],
  ])('%j', (quantities, text, logLine, summary) => {
    expect(formatFormation(formation(quantities))).toBe(text);
    expect(scaledMessage(formation(quantities))).toBe(logLine);
    expect(scaleSummary(formation(quantities))).toBe(summary);
  });

  it('prints what parseScaleArgs reads back', () => {
    const text = formatFormation(formation({ web: 2, worker: 0 }));
    expect(parseScaleArgs([text])).toEqual({
      ok: true,
      changes: [change('web', '=', 2), change('worker', '=', 0)],
    });
  });
});
