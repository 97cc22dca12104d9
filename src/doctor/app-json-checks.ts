// app.json: valid as far as hdev reads Heroku's app.json schema (formation, env, addons,
// scripts, buildpacks); the diagnostics are parseAppJson's and resolveFormation's.
import type { AppFacts } from './facts.js';
import type { Finding } from './finding.js';
import { fromDiagnostic, ok } from './finding.js';

const GROUP = 'app.json';

export function appJsonChecks(facts: AppFacts): Finding[] {
  const diagnostics = facts.checkDiagnostics.appJson;
  if (diagnostics.length > 0)
    return diagnostics.map((diagnostic) => fromDiagnostic(GROUP, diagnostic));
  if (!facts.rootEntries.includes('app.json'))
    return [ok(GROUP, 'no app.json (optional: Review Apps and the Heroku Button read it)')];
  return [ok(GROUP, 'app.json is valid (formation, env, addons, scripts, buildpacks)', 'app.json')];
}
