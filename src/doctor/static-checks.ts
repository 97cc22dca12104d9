// Every static check, in the checklist's order.
import { appJsonChecks } from './app-json-checks.js';
import { buildpackChecks } from './buildpack-checks.js';
import { configVarChecks } from './config-var-checks.js';
import { dependencyChecks } from './dependency-checks.js';
import type { AppFacts } from './facts.js';
import type { Finding } from './finding.js';
import { procfileChecks } from './procfile-checks.js';
import { runtimeChecks } from './runtime-checks.js';

export function staticChecks(facts: AppFacts): Finding[] {
  return [
    ...procfileChecks(facts),
    ...configVarChecks(facts),
    ...buildpackChecks(facts),
    ...runtimeChecks(facts),
    ...dependencyChecks(facts),
    ...appJsonChecks(facts),
  ];
}
