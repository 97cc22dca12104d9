// The export targets: each one renders the same ExportModel into files.
import type { ExportResult } from './files.js';
import type { ExportModel } from './model.js';
import { renderCompose } from './targets/compose.js';
import { renderKubernetes } from './targets/kubernetes.js';
import { renderLaunchd } from './targets/launchd.js';
import { renderRunit } from './targets/runit.js';
import { renderSupervisord } from './targets/supervisord.js';
import { renderSystemd } from './targets/systemd.js';

export const EXPORT_FORMATS = {
  kubernetes: renderKubernetes,
  compose: renderCompose,
  systemd: renderSystemd,
  supervisord: renderSupervisord,
  runit: renderRunit,
  launchd: renderLaunchd,
} as const satisfies Record<string, (model: ExportModel) => ExportResult>;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function isExportFormat(name: string): name is ExportFormat {
  return Object.hasOwn(EXPORT_FORMATS, name);
}

export function renderExport(format: ExportFormat, model: ExportModel): ExportResult {
  return EXPORT_FORMATS[format](model);
}
