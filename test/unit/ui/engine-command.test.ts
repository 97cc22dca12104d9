import { describe, expect, it } from 'vitest';
import { HdevError } from '../../../src/errors.js';
import { runCommand, type EngineCommand } from '../../../src/ui/engine-command.js';
import { FakeEngine, type EngineCall } from '../../helpers/fake-engine.js';

describe('runCommand', () => {
  it.each<[EngineCommand, EngineCall, string | undefined]>([
    [
      { kind: 'scale', change: { type: 'web', op: '+', amount: 1 } },
      ['scale', [{ type: 'web', op: '+', amount: 1 }]],
      'Scaled to web@3',
    ],
    [
      { kind: 'scale', change: { type: 'worker', op: '-', amount: 1 } },
      ['scale', [{ type: 'worker', op: '-', amount: 1 }]],
      'Scaled to web@3',
    ],
    [{ kind: 'restart', target: 'web.1' }, ['restart', 'web.1'], 'Restarted web.1'],
    [{ kind: 'restart', target: undefined }, ['restart', undefined], 'Restarted web.1'],
    [{ kind: 'stop', target: 'web.2' }, ['stop', 'web.2'], 'Stopped web.1'],
    [{ kind: 'quit' }, ['requestStop'], undefined],
  ])('%j', async (command, call, outcome) => {
    const engine = new FakeEngine();
    const done = runCommand(engine, command);
    // Sent at once, not after a turn: keys that follow must see it sent.
    expect(engine.calls).toEqual([call]);
    expect(await done).toBe(outcome);
  });

  it.each<[Error, string]>([
    [
      new HdevError("Couldn't find that process type (`web`)"),
      "Couldn't find that process type (`web`)",
    ],
    [new Error('socket closed'), 'failed: socket closed'],
  ])('resolves with why it failed: %s', async (error, outcome) => {
    const engine = new FakeEngine();
    engine.targetsOutcome = { error };
    expect(await runCommand(engine, { kind: 'restart', target: 'web.1' })).toBe(outcome);
  });
});
