import { describe, expect, it } from 'vitest';
import { consoleCommand, terminalSize } from '../../../src/dashboard/console-command.js';

const types = [
  { name: 'web', command: 'node web.js' },
  { name: 'worker', command: 'python worker.py' },
];

describe('consoleCommand', () => {
  it.each([
    ['', 'bash'],
    ['  ', 'bash'],
    ['bash', 'bash'],
    ['worker', 'python worker.py'],
    ['worker 42 --fast', 'python worker.py 42 --fast'],
    ['echo $DYNO', 'echo $DYNO'],
    ['webby', 'webby'],
  ])('%j runs %j', (line, expected) => {
    expect(consoleCommand(line, types)).toBe(expected);
  });
});

describe('terminalSize', () => {
  it.each([
    [120, 40, { cols: 120, rows: 40 }],
    [undefined, undefined, { cols: 80, rows: 24 }],
    [Number.NaN, 0, { cols: 80, rows: 24 }],
    [1.5, -3, { cols: 80, rows: 24 }],
    [100_000, 30, { cols: 80, rows: 30 }],
  ])('%s×%s', (cols, rows, expected) => {
    expect(terminalSize(cols, rows)).toEqual(expected);
  });
});
