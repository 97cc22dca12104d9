// `hdev export FORMAT [DIR]`: write what Heroku would run for this app (process types, formation,
// config vars, release phase, ports, stop timeout) as files for another process manager or
// orchestrator: Kubernetes, Docker Compose, systemd, supervisord, runit or launchd.
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../domain/diagnostic.js';
import { formatDiagnostic, hasErrors } from '../domain/diagnostic.js';
import { parseFormationArgs, resolveFormation } from '../config/formation.js';
import type { AppLocation } from '../config/load-app.js';
import { displayPath, loadApp } from '../config/load-app.js';
import { HdevError } from '../errors.js';
import { EXPORT_FORMATS, isExportFormat, renderExport } from '../export/formats.js';
import { buildExportModel } from '../export/model.js';
import { foreignFiles, staleGeneratedFiles, writeExportFiles } from '../export/write-files.js';
import { missingRequiredVars } from './check.js';

export interface ExportCommandOptions extends AppLocation {
  readonly format: string;
  readonly dir: string | undefined;
  readonly appName: string | undefined;
  readonly formationArgs: readonly string[];
  readonly image: string | undefined;
  readonly basePort: number;
  readonly stopTimeoutSeconds: number;
  readonly dryRun: boolean;
  readonly force: boolean;
}

function fail(diagnostics: readonly Diagnostic[], what: string): never {
  throw new HdevError(
    `${what}:\n${diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => formatDiagnostic(d))
      .join('\n')}`,
    { hint: 'Fix these, then export again (hdev check shows every problem).' },
  );
}

export function runExport(options: ExportCommandOptions): number {
  const formats = Object.keys(EXPORT_FORMATS);
  if (!isExportFormat(options.format)) {
    throw new HdevError(`unknown export format "${options.format}"`, {
      hint: `Formats: ${formats.join(', ')}.`,
    });
  }
  const app = loadApp(options, process.env);
  if (hasErrors(app.diagnostics)) fail(app.diagnostics, 'the app has errors');
  const request =
    options.formationArgs.length === 0 ? undefined : parseFormationArgs(options.formationArgs);
  if (request !== undefined && hasErrors(request.diagnostics)) {
    fail(request.diagnostics, 'bad --formation');
  }
  const types = app.procfile.types.map((type) => type.name);
  const formation = resolveFormation(types, app.appJson?.formation, request?.value);
  if (hasErrors(formation.diagnostics)) fail(formation.diagnostics, 'bad --formation');

  const dir = resolve(options.dir ?? options.format);
  const model = buildExportModel(app, {
    appName: options.appName ?? app.name,
    formation: formation.value,
    image: options.image,
    location: dir,
    basePort: options.basePort,
    stopTimeoutSeconds: options.stopTimeoutSeconds,
    addons: app.appJson?.addons ?? [],
  });
  const warnings = [
    ...app.diagnostics,
    ...formation.diagnostics,
    ...missingRequiredVars(app, process.env).map((d) => ({ ...d, severity: 'warning' as const })),
  ];
  for (const warning of warnings) process.stderr.write(`${formatDiagnostic(warning)}\n`);
  for (const key of model.shadowedVars) {
    process.stderr.write(
      `warning: config var ${key} is not exported: the platform sets ${key} in every dyno, as Heroku does\n`,
    );
  }

  const result = renderExport(options.format, model);
  if (options.dryRun) {
    for (const file of result.files) {
      process.stdout.write(`==> ${displayPath(join(dir, file.path))} <==\n${file.content}\n`);
    }
  } else {
    const foreign = foreignFiles(dir, result.files);
    if (foreign.length > 0 && !options.force) {
      throw new HdevError(
        `not overwriting files that hdev export did not write: ${foreign.map((path) => displayPath(path)).join(', ')}`,
        { hint: 'Move them away, export to another directory, or pass --force to replace them.' },
      );
    }
    writeExportFiles(dir, result.files);
    process.stdout.write(
      `wrote ${result.files.length} file(s) for ${options.format} to ${displayPath(dir)}:\n`,
    );
    for (const file of result.files) process.stdout.write(`  ${file.path}\n`);
    const stale = staleGeneratedFiles(dir, result.files);
    if (stale.length > 0) {
      process.stderr.write(
        `note: left from an earlier export, no longer part of this one (stop and remove them): ${stale.join(', ')}\n`,
      );
    }
  }
  for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
  return 0;
}
