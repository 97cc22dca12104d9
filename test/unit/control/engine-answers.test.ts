// The control socket's answers come from the engine; `hdev scale`'s syntax is parsed here, at the
// protocol's edge, and reaches the engine typed.
import { describe, expect, it } from 'vitest';
import { answer } from '../../../src/control/engine-answers.js';
import { HdevError } from '../../../src/errors.js';
import { FakeEngine, dyno, snapshotOf } from '../../helpers/fake-engine.js';

const IDENTITY = { appRoot: '/apps/myapp', version: '1.2.3' };

describe('answer', () => {
  it.each([
    [
      ['web=2', 'worker+1'],
      [
        { type: 'web', op: '=', amount: 2 },
        { type: 'worker', op: '+', amount: 1 },
      ],
    ],
    [
      ['web=2,worker-1'],
      [
        { type: 'web', op: '=', amount: 2 },
        { type: 'worker', op: '-', amount: 1 },
      ],
    ],
    [[], []],
  ])('scale %j sends the engine %j', async (args, changes) => {
    const engine = new FakeEngine();
    engine.scaleOutcome = { value: new Map([['web', 2]]) };
    const result = await answer(engine, IDENTITY, { command: 'scale', args });
    expect(engine.calls).toEqual([['scale', changes]]);
    expect(result).toEqual({ formation: { web: 2 } });
  });

  it('refuses scale syntax it cannot read with a usage error, sending the engine nothing', async () => {
    const engine = new FakeEngine();
    const refused = answer(engine, IDENTITY, { command: 'scale', args: ['web'] });
    await expect(refused).rejects.toBeInstanceOf(HdevError);
    await expect(refused).rejects.toMatchObject({ exitCode: 2 });
    expect(engine.calls).toEqual([]);
  });

  it("answers ps with the engine's dynos, types and add-ons", async () => {
    const dynos = [dyno('run.1', { type: 'run', oneOff: true }), dyno('web.1')];
    const addons = [
      {
        name: 'DATABASE',
        service: 'heroku-postgresql',
        state: 'up' as const,
        stateSince: 0,
        port: 5432,
        pid: 7,
        configVars: ['DATABASE_URL'],
      },
    ];
    const engine = new FakeEngine(snapshotOf({ dynos, types: ['web', 'worker'], addons }));
    expect(await answer(engine, IDENTITY, { command: 'ps' })).toEqual({
      dynos,
      types: ['web', 'worker'],
      addons,
    });
  });

  it('answers hello with this process and who it is', async () => {
    expect(await answer(new FakeEngine(), IDENTITY, { command: 'hello' })).toEqual({
      pid: process.pid,
      ...IDENTITY,
    });
  });

  it('passes restart and stop targets through', async () => {
    const engine = new FakeEngine();
    engine.targetsOutcome = { value: ['web.1', 'web.2'] };
    expect(await answer(engine, IDENTITY, { command: 'restart' })).toEqual({
      dynos: ['web.1', 'web.2'],
    });
    expect(await answer(engine, IDENTITY, { command: 'stop', target: 'web' })).toEqual({
      dynos: ['web.1', 'web.2'],
    });
    expect(engine.calls).toEqual([
      ['restart', undefined],
      ['stop', 'web'],
    ]);
  });
});
