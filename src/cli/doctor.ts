// `hdev doctor`: Heroku's deploy checklist, run. Static checks of the files (always), then a
// private scratch run of the app under `hdev start` (unless --static), reported together.
import { basename, resolve } from 'node:path';
import { RELEASE_PROCESS_TYPE } from '../domain/app-spec.js';
import { WEB_TYPE } from '../domain/dyno-name.js';

import type { AppLocation } from '../config/load-app.js';
import { gatherFacts } from '../doctor/gather-facts.js';
import type { Finding } from '../doctor/finding.js';
import { liveChecks } from '../doctor/live-run.js';
import { exitCodeFor, formatJsonReport, formatReport, summarize } from '../doctor/report.js';
import { staticChecks } from '../doctor/static-checks.js';
import { shouldUseColor } from './color.js';

export interface DoctorOptions extends AppLocation {
  readonly staticOnly: boolean;
  readonly json: boolean;
  readonly strict: boolean;
  /** The live run's time budget. */
  readonly budgetMs: number;
}

export async function runDoctor(options: DoctorOptions): Promise<number> {
  const root = resolve(options.appDir ?? '.');
  const facts = await gatherFacts(options, root);
  const findings: Finding[] = staticChecks(facts);
  if (!options.staticOnly) {
    const types = facts.app?.procfile.types.map((type) => type.name) ?? [];
    const canRun =
      facts.app !== undefined &&
      !findings.some((f) => f.status === 'error' && f.group === 'Procfile');
    findings.push(
      ...(await liveChecks({
        location: options,
        root,
        canRun,
        hasWeb: types.includes(WEB_TYPE),
        hasRelease: types.includes(RELEASE_PROCESS_TYPE),
        budgetMs: options.budgetMs,
      })),
    );
  }
  const name = facts.app?.name ?? basename(root);
  process.stdout.write(
    options.json
      ? formatJsonReport(name, findings)
      : formatReport(name, findings, {
          color: shouldUseColor(process.stdout, process.env),
          strict: options.strict,
        }),
  );
  return exitCodeFor(summarize(findings), options.strict);
}
