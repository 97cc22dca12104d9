// The router's start line says only what is true of the app's web dynos.
import { describe, expect, it } from 'vitest';
import { routableWebDynos, routerStartLine } from '../../../src/cli/start-router.js';
import type { DynoView } from '../../../src/supervisor/supervisor.js';

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

describe('routableWebDynos', () => {
  const view = (name: string, address: string | undefined): DynoView => ({
    name,
    key: `${name}#1`,
    type: name.split('.')[0] ?? name,
    command: 'node index.js',
    state: 'up',
    stateSince: 0,
    port: 5100,
    address,
    pid: 42,
    restarts: 0,
    release: 1,
  });

  it('keeps the web dynos, with the address their PORT answers on', () => {
    expect(
      routableWebDynos([
        view('web.1', '::1'),
        view('worker.1', undefined),
        view('web.2', undefined),
      ]),
    ).toEqual([
      { name: 'web.1', key: 'web.1#1', state: 'up', host: '::1', port: 5100 },
      { name: 'web.2', key: 'web.2#1', state: 'up', host: '127.0.0.1', port: 5100 },
    ]);
  });
});
