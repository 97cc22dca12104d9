// Export models for tests: the example app, and an app with config values that are hard to quote.
import { fileURLToPath } from 'node:url';
import { loadApp } from '../../src/config/load-app.js';
import { resolveFormation } from '../../src/config/formation.js';
import type { AppSpec } from '../../src/domain/app-spec.js';
import type { AddonRequest as Addon } from '../../src/domain/addon.js';
import type { ExportModel } from '../../src/export/model.js';
import { buildExportModel, HEROKU_STOP_TIMEOUT_SECONDS } from '../../src/export/model.js';

export const EXAMPLE_APP = fileURLToPath(
  new URL('../../examples/getting-started', import.meta.url),
);

/** Config values every target must carry over exactly. */
export const TRICKY_VALUES: Readonly<Record<string, string>> = {
  DOLLAR: 'pa$$word $HOME ${PATH} $',
  PERCENT: '100% %n %i %%',
  QUOTES: `it's "quoted" \`ticked\``,
  BACKSLASH: 'C:\\path\\to\\n and \\ and ends with \\',
  NEWLINES: 'line one\nline two\n\nlast line\n',
  UNICODE: 'ünïcødé ✓ 日本語 🚀',
  JSON: '{"a":[1,"two",null],"b":{"c":"d e"},"s":"x\\"y"}',
  SPACES: '  leading and trailing  ',
  YAML_LOOKALIKES: 'no',
  OCTAL: '0755',
  EMPTY: '',
  HASH: '#not a comment ; nor this',
  EQUALS: 'a=b=c',
};

/** The example app as it would be exported, with paths that do not depend on this machine. */
export function exampleModel(addons: readonly Addon[] = []): ExportModel {
  const app = { ...loadApp({ appDir: EXAMPLE_APP }, {}), root: '/srv/getting-started' };
  return modelOf(app, addons);
}

export function trickyModel(addons: readonly Addon[] = []): ExportModel {
  const example = loadApp({ appDir: EXAMPLE_APP }, {});
  const app: AppSpec = {
    ...example,
    root: '/srv/tricky app 100%',
    configVars: { values: { ...TRICKY_VALUES }, origins: {} },
    procfile: {
      types: [
        { name: 'web', command: 'node web.js --port $PORT --label "100% ${NAME:-x}"', line: 1 },
        { name: 'worker', command: "sh -c 'echo \\\\ done' && node worker.js", line: 2 },
        { name: 'release', command: 'node release.js $DATABASE_URL', line: 3 },
      ],
    },
  };
  return modelOf(app, addons, 'tricky');
}

function modelOf(app: AppSpec, addons: readonly Addon[], name = app.name): ExportModel {
  const formation = resolveFormation(
    app.procfile.types.map((type) => type.name),
    app.appJson?.formation,
    undefined,
  ).value;
  return buildExportModel(app, {
    appName: name,
    formation,
    image: undefined,
    location: '/etc/hdev-export',
    basePort: 5006,
    stopTimeoutSeconds: HEROKU_STOP_TIMEOUT_SECONDS,
    addons,
  });
}
