// The app's commands and config vars checked against what the OS can start a process with, for
// `hdev check` (diagnostics) and `hdev start`/`hdev run` and every redeploy (a refusal).
import type { AppSpec } from '../domain/app-spec.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import { commandProblems, configVarProblems } from '../domain/spawnable.js';
import { HdevError } from '../errors.js';
import { displayPath } from './load-app.js';

export function spawnProblems(app: AppSpec): Diagnostic[] {
  return [
    ...commandProblems(app.procfile.types, displayPath(app.procfilePath)),
    ...configVarProblems(app.configVars),
  ];
}

/** The app, or an HdevError (exit 2) naming the first place no process could start from. */
export function assertSpawnable(app: AppSpec): AppSpec {
  const [first, ...more] = spawnProblems(app);
  if (first === undefined) return app;
  const where = [first.file, first.line].filter((part) => part !== undefined).join(':');
  const others = more.length === 0 ? '' : ` (and ${more.length} more: run hdev check)`;
  throw new HdevError(`${where}: ${first.message}${others}`, {
    ...(first.hint === undefined ? {} : { hint: first.hint }),
  });
}
