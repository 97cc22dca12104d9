import { describe, expect, it } from 'vitest';
import { runCommand, type EngineCommand } from '../../../src/ui/engine-command.js';
import { FakeEngine, type EngineCall } from './fake-engine.js';

describe('runCommand', () => {
  it.each<[EngineCommand, EngineCall]>([
    [{ kind: 'scale', type: 'web', delta: 1 }, ['scale', 'web', 1]],
    [{ kind: 'scale', type: 'worker', delta: -1 }, ['scale', 'worker', -1]],
    [{ kind: 'restart', target: 'web.1' }, ['restart', 'web.1']],
    [{ kind: 'restart', target: undefined }, ['restart', undefined]],
    [{ kind: 'stop', target: 'web.2' }, ['stop', 'web.2']],
    [{ kind: 'quit' }, ['quit']],
  ])('%j', (command, call) => {
    const engine = new FakeEngine();
    runCommand(engine, command);
    expect(engine.calls).toEqual([call]);
  });
});
