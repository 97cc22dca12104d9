import { describe, expect, it } from 'vitest';
import type { AppSpec } from '../../../src/domain/app-spec.js';
import { buildExportModel } from '../../../src/export/model.js';

const app: AppSpec = {
  root: '/srv/shop',
  name: 'shop',
  procfilePath: '/srv/shop/Procfile',
  procfile: {
    types: [
      { name: 'web', command: 'node web.js', line: 1 },
      { name: 'release', command: 'node migrate.js', line: 2 },
      { name: 'worker', command: 'node worker.js', line: 3 },
      { name: 'clock', command: 'node clock.js', line: 4 },
    ],
  },
  envFiles: [],
  configVars: { values: { B: '2', PORT: '9999', A: '1', DYNO: 'x' }, origins: {} },
  appJson: undefined,
  diagnostics: [],
};

const model = buildExportModel(app, {
  appName: 'shop',
  formation: new Map([
    ['web', 2],
    ['worker', 1],
    ['clock', 0],
  ]),
  image: undefined,
  location: '/out',
  basePort: 5006,
  stopTimeoutSeconds: 30,
  addons: [],
});

describe('buildExportModel', () => {
  it('keeps the dyno types with their quantities, and the release command apart', () => {
    expect(model.processes.map((p) => [p.type, p.quantity, p.receivesTraffic])).toEqual([
      ['web', 2, true],
      ['worker', 1, false],
      ['clock', 0, false],
    ]);
    expect(model.release).toBe('node migrate.js');
  });

  it("names and numbers each dyno with hdev start's ports (release is not a type index)", () => {
    expect(model.dynos.map((d) => [d.name, d.port])).toEqual([
      ['web.1', 5006],
      ['web.2', 5007],
      ['worker.1', 5106],
    ]);
  });

  it('leaves PORT and DYNO to the platform, keeping config var order', () => {
    expect(model.configVars).toEqual([
      ['B', '2'],
      ['A', '1'],
    ]);
    expect(model.shadowedVars).toEqual(['PORT', 'DYNO']);
  });

  it('uses a placeholder image that says so', () => {
    expect(model.image).toEqual({
      reference: 'replace-with-your-image/shop:latest',
      placeholder: true,
    });
  });
});
