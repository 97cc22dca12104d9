// Config vars: the env file parses, PORT is left to Heroku, JSON-looking values are JSON,
// app.json's required vars are set, and the env file (secrets) stays out of git.
// Dev Center "Configuration and Config Vars": config belongs in the environment, not in the repo.
import type { AppFacts } from './facts.js';
import type { Finding } from './finding.js';
import { fromDiagnostic, ok, problem } from './finding.js';

const GROUP = 'Config vars';

function parseFindings(facts: AppFacts): Finding[] {
  if (facts.envFiles.length === 0) return [ok(GROUP, 'no env file: nothing to parse')];
  const diagnostics = facts.checkDiagnostics.env;
  if (diagnostics.length === 0)
    return [ok(GROUP, `${facts.envFiles.join(', ')} parses cleanly`, facts.envFiles[0])];
  return diagnostics.map((diagnostic) => fromDiagnostic(GROUP, diagnostic));
}

function portFindings(facts: AppFacts): Finding[] {
  const app = facts.app;
  if (app === undefined) return [];
  const origin = app.configVars.origins.PORT;
  if (app.configVars.values.PORT === undefined || origin === undefined)
    return [ok(GROUP, 'PORT is not set as a config var (Heroku assigns it to each web dyno)')];
  return [
    problem(
      GROUP,
      'error',
      `PORT=${app.configVars.values.PORT} is set as a config var: Heroku assigns each web dyno its own $PORT, and a web process listening on a fixed port fails with R10 (Boot timeout)`,
      `Remove the PORT line; make the app listen on process.env.PORT / os.environ["PORT"] (with a local default in the code if you like).`,
      origin,
    ),
  ];
}

/** Values such as service-account credentials (`CREDS={...}`) must be valid JSON to be read. */
function jsonFindings(facts: AppFacts): Finding[] {
  const app = facts.app;
  if (app === undefined) return [];
  return Object.entries(app.configVars.values).flatMap(([key, value]) => {
    const trimmed = value.trim();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return [];
    const origin = app.configVars.origins[key];
    try {
      JSON.parse(trimmed);
      return [ok(GROUP, `${key} holds valid JSON`, origin?.file)];
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return [
        problem(
          GROUP,
          'error',
          `${key} looks like JSON but does not parse: ${reason}`,
          `Paste the JSON exactly (one line is safest, in single quotes in the env file); on Heroku, paste it as the value of ${key} in Settings → Config Vars.`,
          origin ?? {},
        ),
      ];
    }
  });
}

function requiredFindings(facts: AppFacts): Finding[] {
  if (facts.app?.appJson === undefined) return [];
  const missing = facts.requiredVarDiagnostics;
  if (missing.length === 0) return [ok(GROUP, 'every config var app.json requires is set')];
  return missing.map((diagnostic) => fromDiagnostic(GROUP, diagnostic));
}

function gitFindings(facts: AppFacts): Finding[] {
  const git = facts.git;
  if (git === undefined) return [];
  return facts.envFiles.flatMap((file) => {
    if (git.tracked.has(file))
      return [
        problem(
          GROUP,
          'error',
          `${file} is committed to git: its secrets are in the repository (and Heroku never reads it)`,
          `git rm --cached ${file}, add it to .gitignore, set the vars with \`heroku config:set\`, and rotate any secret it held.`,
          { file },
        ),
      ];
    if (!git.ignored.has(file))
      return [
        problem(
          GROUP,
          'warning',
          `${file} is not in .gitignore: one \`git add .\` commits its secrets`,
          `echo ${file} >> .gitignore`,
          { file },
        ),
      ];
    return [ok(GROUP, `${file} is ignored by git and not committed`, file)];
  });
}

export function configVarChecks(facts: AppFacts): Finding[] {
  return [
    ...parseFindings(facts),
    ...portFindings(facts),
    ...jsonFindings(facts),
    ...requiredFindings(facts),
    ...gitFindings(facts),
  ];
}
