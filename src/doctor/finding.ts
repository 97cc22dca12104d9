// What `hdev doctor` reports: one checklist item, passed or not, with where and what to do.
import type { Diagnostic } from '../domain/diagnostic.js';

export type FindingStatus = 'ok' | 'warning' | 'error';

/** The checklist's sections, in the order the report prints them. */
export const CHECK_GROUPS = [
  'Procfile',
  'Config vars',
  'Buildpacks',
  'Runtime versions',
  'Dependencies',
  'app.json',
  'Live run',
] as const;
export type CheckGroup = (typeof CHECK_GROUPS)[number];

export interface Finding {
  readonly group: CheckGroup;
  readonly status: FindingStatus;
  /** What was checked and what was found, in one sentence. */
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  /** What to do about it (only for warnings and errors). */
  readonly fix?: string;
}

export function ok(group: CheckGroup, message: string, file?: string): Finding {
  return { group, status: 'ok', message, ...(file === undefined ? {} : { file }) };
}

export function problem(
  group: CheckGroup,
  status: 'warning' | 'error',
  message: string,
  fix: string,
  where: { file?: string | undefined; line?: number | undefined } = {},
): Finding {
  return {
    group,
    status,
    message,
    fix,
    ...(where.file === undefined ? {} : { file: where.file }),
    ...(where.line === undefined ? {} : { line: where.line }),
  };
}

/** A diagnostic from the parsers that `hdev check` runs, as a checklist item. */
export function fromDiagnostic(group: CheckGroup, diagnostic: Diagnostic): Finding {
  return {
    group,
    status: diagnostic.severity,
    message: diagnostic.message,
    file: diagnostic.file,
    ...(diagnostic.line === undefined ? {} : { line: diagnostic.line }),
    ...(diagnostic.hint === undefined ? {} : { fix: diagnostic.hint }),
  };
}
