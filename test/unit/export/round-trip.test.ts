// Config values that are hard to quote come back unchanged when each format is read back the
// way its consumer reads it.
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { renderCompose } from '../../../src/export/targets/compose.js';
import { renderKubernetes } from '../../../src/export/targets/kubernetes.js';
import { renderLaunchd } from '../../../src/export/targets/launchd.js';
import { renderSystemd } from '../../../src/export/targets/systemd.js';
import { isGenerated } from '../../../src/export/files.js';
import type { ExportFile } from '../../../src/export/files.js';
import { parseEnvironmentFile } from '../../helpers/environment-file.js';
import { TRICKY_VALUES, trickyModel } from '../../helpers/export-app.js';

function file(files: readonly ExportFile[], path: string): string {
  const found = files.find((candidate) => candidate.path === path);
  if (found === undefined)
    throw new Error(`no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return found.content;
}

/** Compose's interpolation of a value with no variables left: `$$` is `$`. */
function composeUnescape(value: string): string {
  return value.replaceAll('$$', '$');
}

describe('round trip of tricky config values', () => {
  it('kubernetes: the Secret holds every value exactly (YAML 1.1 and 1.2 readers)', () => {
    const { files } = renderKubernetes(trickyModel());
    for (const version of ['1.1', '1.2'] as const) {
      const secret = parse(file(files, 'config.yaml'), { version }) as {
        stringData: Record<string, string>;
      };
      expect(secret.stringData).toEqual(TRICKY_VALUES);
    }
  });

  it('kubernetes: the Procfile command reaches the container shell unchanged', () => {
    const model = trickyModel();
    const docs = parseAllDocuments(file(renderKubernetes(model).files, 'app.yaml')).map(
      (doc) =>
        doc.toJS() as {
          kind: string;
          spec: { template: { spec: { containers: { command: string[] }[] } } };
        },
    );
    const commands = docs
      .filter((doc) => doc.kind === 'Deployment')
      .map((doc) => doc.spec.template.spec.containers[0]?.command);
    expect(commands).toEqual(model.processes.map((process) => ['/bin/sh', '-c', process.command]));
  });

  it('compose: environment and commands come back after interpolation', () => {
    const model = trickyModel();
    const compose = parse(file(renderCompose(model).files, 'compose.yaml'), {
      version: '1.1',
    }) as { services: Record<string, { environment: Record<string, string>; command: string[] }> };
    const web = compose.services.web;
    const env = Object.fromEntries(
      Object.entries(web?.environment ?? {}).map(([key, value]) => [key, composeUnescape(value)]),
    );
    expect(env).toEqual({ ...TRICKY_VALUES, PORT: '5000' });
    expect(web?.command.map(composeUnescape)).toEqual([
      '/bin/sh',
      '-c',
      model.processes[0]?.command,
    ]);
  });

  it('systemd: the EnvironmentFile reads back, by systemd.exec(5) rules, to every value', () => {
    const { files } = renderSystemd(trickyModel());
    expect(parseEnvironmentFile(file(files, 'tricky.env'))).toEqual(TRICKY_VALUES);
  });

  it('systemd: % and $ in unit settings are escaped for specifiers and variable expansion', () => {
    const unit = file(renderSystemd(trickyModel()).files, 'tricky-web.1.service');
    expect(unit).toContain('WorkingDirectory=/srv/tricky app 100%%\n');
    expect(unit).toContain(
      'ExecStart=/bin/bash -c "node web.js --port $$PORT --label \\"100%% $${NAME:-x}\\""\n',
    );
  });

  it('every generated file is marked as generated', () => {
    const model = trickyModel();
    for (const render of [renderKubernetes, renderCompose, renderSystemd]) {
      for (const generated of render(model).files)
        expect(isGenerated(generated.content)).toBe(true);
    }
  });
});

describe('launchd plists', () => {
  it('carry every XML-safe value and refuse a control character a plist cannot hold', () => {
    const model = trickyModel();
    const plist = renderLaunchd(model).files[0]?.content ?? '';
    expect(plist).toContain('<string>it\'s "quoted" `ticked`</string>');
    expect(plist).toContain('<key>JSON</key>');
    const bell = { ...model, configVars: [['BELL', 'ding\u0007']] as const };
    expect(() => renderLaunchd(bell)).toThrow(/control character/);
  });

  it('keep the generated comment valid XML for names with --', () => {
    const plist = renderLaunchd({ ...trickyModel(), appName: 'my--app' }).files[0]?.content ?? '';
    expect(plist).toMatch(/<!-- [^]*my- -app[^]*-->/);
    expect(isGenerated(plist)).toBe(true);
  });
});
