// `hdev check`: validate the Procfile, the env files and app.json the way Heroku would read them,
// print what was found and every problem with file:LINE; exit 1 when anything is an error.
import type { AppSpec } from '../domain/app-spec.js';
import { RELEASE_PROCESS_TYPE } from '../domain/app-spec.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import { formatDiagnostic, hasErrors } from '../domain/diagnostic.js';
import { describeFormation } from '../domain/formation.js';
import { resolveFormation } from '../config/formation.js';
import type { AppLocation } from '../config/load-app.js';
import { displayPath, loadApp } from '../config/load-app.js';
import { spawnProblems } from '../config/spawn-check.js';

/** app.json `env` entries that are required (Heroku's default) but set nowhere. */
export function missingRequiredVars(
  app: AppSpec,
  shellEnv: Readonly<Record<string, string | undefined>>,
): Diagnostic[] {
  const file = displayPath(`${app.root}/app.json`);
  return [...(app.appJson?.env ?? [])]
    .filter(([, spec]) => spec.required && spec.value === undefined && spec.generator === undefined)
    .filter(([key]) => app.configVars.values[key] === undefined && shellEnv[key] === undefined)
    .map(([key]) => ({
      severity: 'error' as const,
      file,
      message: `config var ${key} is required by app.json but is not set`,
      hint: `Add ${key}=… to ${app.envFiles.length === 0 ? '.env' : displayPath(app.envFiles[0] ?? '.env')}, or give it a "value" in app.json.`,
    }));
}

export function runCheck(options: AppLocation): number {
  const app = loadApp(options, process.env);
  const formation = resolveFormation(
    app.procfile.types.map((type) => type.name),
    app.appJson?.formation,
    undefined,
  );
  const diagnostics = [
    ...app.diagnostics,
    ...formation.diagnostics,
    ...missingRequiredVars(app, process.env),
    ...spawnProblems(app),
  ];
  for (const diagnostic of diagnostics) process.stdout.write(`${formatDiagnostic(diagnostic)}\n`);

  const types = app.procfile.types.map((type) => type.name);
  const procfileErrors = diagnostics.some(
    (d) => d.severity === 'error' && d.file === displayPath(app.procfilePath),
  );
  if (app.processTypesOrigin !== undefined)
    process.stdout.write(`${app.processTypesOrigin.description}\n`);
  const label =
    procfileErrors || types.length === 0
      ? 'Procfile with problems'
      : app.processTypesOrigin === undefined
        ? 'valid Procfile'
        : `process types (${app.processTypesOrigin.file})`;
  process.stdout.write(
    `${label}: ${types.length === 0 ? '(no process types)' : types.join(', ')}\n`,
  );
  const releaseNote = types.includes(RELEASE_PROCESS_TYPE)
    ? ' (release runs in the release phase)'
    : '';
  process.stdout.write(`formation: ${describeFormation(formation.value)}${releaseNote}\n`);
  const varCount = Object.keys(app.configVars.values).length;
  const sources = app.envFiles.map((file) => displayPath(file)).join(', ');
  process.stdout.write(
    `config vars: ${varCount}${sources === '' ? ' (no env file)' : ` from ${sources}`}\n`,
  );
  if (app.appJson !== undefined) process.stdout.write(`app.json: ${app.name}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  process.stdout.write(
    errors + warnings === 0
      ? 'no problems found\n'
      : `${errors} error(s), ${warnings} warning(s)\n`,
  );
  return hasErrors(diagnostics) ? 1 : 0;
}
