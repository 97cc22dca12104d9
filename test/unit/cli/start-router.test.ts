// The router's start line says only what is true of the app's web dynos.
import { describe, expect, it } from 'vitest';
import { routerStartLine } from '../../../src/cli/start-router.js';

const URL = 'http://localhost:5006';

describe('routerStartLine', () => {
  it.each<[string, string[], [string, number][], string]>([
    [
      'web dynos',
      ['web', 'worker'],
      [
        ['web', 1],
        ['worker', 1],
      ],
      `${URL} routes to the web dynos`,
    ],
    [
      'no web type',
      ['worker'],
      [['worker', 1]],
      `${URL} answers H14 (no web dynos running): the Procfile has no web process type`,
    ],
    [
      'web scaled to 0',
      ['web', 'worker'],
      [
        ['web', 0],
        ['worker', 1],
      ],
      `${URL} routes to the web dynos; none runs yet, so it answers H14 until \`hdev scale web=1\``,
    ],
    [
      'web left out of the formation',
      ['web', 'worker'],
      [['worker', 1]],
      `${URL} routes to the web dynos; none runs yet, so it answers H14 until \`hdev scale web=1\``,
    ],
  ])('%s', (_, types, formation, line) => {
    expect(routerStartLine(URL, types, new Map(formation))).toBe(line);
  });
});
