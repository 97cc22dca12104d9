// The exported files, checked by the tools that will read them: systemd-analyze verify,
// docker-compose config, and the Kubernetes API's own schemas (kubernetes-models, pinned).
// Without a tool, its test is skipped on a developer's machine and fails under CI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { ExportFile } from '../../src/export/files.js';
import type { AddonRequest as Addon } from '../../src/domain/addon.js';
import type { ExportModel } from '../../src/export/model.js';
import { renderCompose } from '../../src/export/targets/compose.js';
import { renderKubernetes } from '../../src/export/targets/kubernetes.js';
import { renderSystemd } from '../../src/export/targets/systemd.js';
import { exampleModel, TRICKY_VALUES, trickyModel } from '../helpers/export-app.js';

const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

function has(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Skips only outside CI, saying why; in CI a missing tool is a failure. */
function needs(tool: string, install: string): { skip: boolean; reason: string } {
  const skip = !has(tool) && !inCi;
  return { skip, reason: skip ? `${tool} is not installed (${install})` : '' };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function writeAll(files: readonly ExportFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'hdev-export-'));
  dirs.push(dir);
  for (const file of files) {
    mkdirSync(join(dir, file.path, '..'), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return dir;
}

const ADDONS: Addon[] = [
  {
    plan: 'heroku-postgresql:essential-0',
    service: 'heroku-postgresql',
    configVar: 'DATABASE_URL',
  },
  { plan: 'heroku-redis:mini', service: 'heroku-redis', configVar: 'REDIS_URL' },
];

const models: [string, () => ExportModel][] = [
  ['the example app', () => exampleModel()],
  ['tricky values and add-ons', () => trickyModel(ADDONS)],
];

const systemd = needs('systemd-analyze', 'apt-get install systemd');
describe.skipIf(systemd.skip)(`systemd-analyze verify ${systemd.reason}`, () => {
  it.each(models)('accepts the units for %s', async (_name, model) => {
    const dir = mkdtempSync(join(tmpdir(), 'hdev-export-'));
    dirs.push(dir);
    // The units name their EnvironmentFile and WorkingDirectory by absolute path: point them here.
    const units = renderSystemd({ ...model(), location: dir, appRoot: dir }).files;
    for (const unit of units) writeFileSync(join(dir, unit.path), unit.content);
    const paths = units
      .map((unit) => join(dir, unit.path))
      .filter((path) => /\.(service|target)$/.test(path));
    const result = await execa('systemd-analyze', ['verify', ...paths], {
      reject: false,
      timeout: 30_000,
    });
    expect(`${result.stderr}${result.stdout}`.trim()).toBe('');
    expect(result.exitCode).toBe(0);
  });
});

const compose = needs('docker-compose', 'apt-get install docker-compose');
describe.skipIf(compose.skip)(`docker-compose config ${compose.reason}`, () => {
  it.each(models)(
    'accepts compose.yaml for %s and reads back every value',
    async (_name, model) => {
      const dir = writeAll(renderCompose(model()).files);
      const result = await execa('docker-compose', ['-f', 'compose.yaml', 'config'], {
        cwd: dir,
        reject: false,
        timeout: 30_000,
        env: { COMPOSE_PROJECT_NAME: 'hdev-export-test' },
      });
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      // `config` prints the file after interpolation, with each `$` escaped again as `$$`.
      const config = parse(result.stdout) as {
        services: Record<string, { environment?: Record<string, string>; deploy?: object }>;
      };
      if (_name.startsWith('tricky')) {
        const env = config.services.web?.environment ?? {};
        for (const [key, value] of Object.entries(TRICKY_VALUES)) {
          expect(env[key]?.replaceAll('$$', '$'), key).toBe(value);
        }
        expect(env.DATABASE_URL).toBe('postgres://postgres:postgres@postgres:5432/postgres');
      }
    },
  );
});

const KINDS: Record<string, new (data: never) => { validate(): void }> = {
  Deployment,
  Job,
  Secret,
  Service,
};

describe('Kubernetes schemas (kubernetes-models 4.5.1, Kubernetes 1.33)', () => {
  it.each(models)('every object for %s is valid', (_name, model) => {
    const files = renderKubernetes(model()).files;
    const kinds: string[] = [];
    for (const file of files) {
      for (const doc of parseAllDocuments(file.content, { version: '1.1' })) {
        const object = doc.toJS() as { kind: string };
        const Model = KINDS[object.kind];
        expect(Model, `a schema for ${object.kind}`).toBeDefined();
        if (Model === undefined) continue;
        kinds.push(object.kind);
        expect(() => new Model(object as never).validate()).not.toThrow();
      }
    }
    expect(kinds.sort()).toEqual(['Deployment', 'Deployment', 'Job', 'Secret', 'Service']);
  });

  it('the schema check rejects a broken object (it is not a no-op)', () => {
    const broken = { apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 'two' } };
    expect(() => new Deployment(broken as never).validate()).toThrow(/replicas/);
  });
});
