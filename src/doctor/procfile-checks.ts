// Procfile: present under its exact name in the root, committed, one command per type, a `web`
// type when the app serves HTTP, and everything `hdev check` says about it.
// Dev Center "The Procfile": it must be named exactly `Procfile` and sit in the app root.
import { WEB_TYPE } from '../domain/dyno-name.js';
import type { AppFacts } from './facts.js';
import { readPackageJson } from './facts.js';
import type { Finding } from './finding.js';
import { fromDiagnostic, ok, problem } from './finding.js';
import { webFramework } from './web-frameworks.js';

const GROUP = 'Procfile';

function nameFindings(facts: AppFacts): Finding[] {
  if (facts.rootEntries.includes('Procfile'))
    return [ok(GROUP, 'Procfile is in the app root', 'Procfile')];
  const findings: Finding[] = [];
  const nearMiss = facts.rootEntries.filter((name) => /^procfile/i.test(name));
  for (const name of nearMiss) {
    findings.push(
      problem(
        GROUP,
        'error',
        `${name} is not read by Heroku: the name must be exactly \`Procfile\` (case-sensitive, no extension)`,
        `Rename it: git mv ${name} Procfile`,
        { file: name },
      ),
    );
  }
  for (const path of facts.nestedProcfiles) {
    findings.push(
      problem(
        GROUP,
        'error',
        `${path} is in a subfolder: Heroku only reads the Procfile in the app root`,
        `Move it to the root: git mv ${path} Procfile (and make its commands work from the root)`,
        { file: path },
      ),
    );
  }
  const origin = facts.app?.processTypesOrigin;
  if (origin?.file === 'heroku.yml') {
    // A container app: heroku.yml's `run:` replaces the Procfile on Heroku.
    findings.push(ok(GROUP, origin.description));
  } else if (origin !== undefined) {
    findings.push(
      problem(
        GROUP,
        'warning',
        origin.description,
        'Add a Procfile that says what each process runs, e.g. `web: node index.js`.',
      ),
    );
  } else if (nearMiss.length === 0 && facts.nestedProcfiles.length === 0) {
    findings.push(
      problem(
        GROUP,
        'error',
        'no Procfile in the app root',
        'Create a file named `Procfile` with a line such as `web: node index.js`.',
      ),
    );
  }
  return findings;
}

function gitFindings(facts: AppFacts): Finding[] {
  if (!facts.rootEntries.includes('Procfile')) return [];
  const git = facts.git;
  if (git === undefined)
    return [
      problem(
        GROUP,
        'warning',
        'the app is not in a git repository: Heroku builds what you push with git',
        'Run `git init`, then commit the Procfile and the app.',
      ),
    ];
  const where = { file: 'Procfile' };
  if (git.ignored.has('Procfile'))
    return [
      problem(
        GROUP,
        'error',
        'a .gitignore rule matches the Procfile',
        'Remove that rule from .gitignore, then `git add Procfile`.',
        where,
      ),
    ];
  if (!git.tracked.has('Procfile'))
    return [
      problem(
        GROUP,
        'error',
        'the Procfile is not committed: Heroku will not see it',
        'git add Procfile && git commit',
        where,
      ),
    ];
  if (git.changed.has('Procfile'))
    return [
      problem(
        GROUP,
        'warning',
        'the Procfile has uncommitted changes: Heroku deploys the committed one',
        'git commit Procfile',
        where,
      ),
    ];
  return [ok(GROUP, 'Procfile is committed, not ignored, with no uncommitted changes', 'Procfile')];
}

function webFindings(facts: AppFacts): Finding[] {
  const app = facts.app;
  if (app === undefined) return [];
  const framework = webFramework(readPackageJson(facts.files['package.json']), facts.files);
  const hasWeb = app.procfile.types.some((type) => type.name === WEB_TYPE);
  if (hasWeb) return [ok(GROUP, 'a `web` process type receives HTTP traffic')];
  if (framework === undefined) return [];
  return [
    problem(
      GROUP,
      'error',
      `the app uses ${framework} but has no \`web\` process type: Heroku's router answers every request with H14 (No web dynos running)`,
      'Add a line such as `web: node index.js` to the Procfile; only `web` receives HTTP traffic.',
      { file: 'Procfile' },
    ),
  ];
}

export function procfileChecks(facts: AppFacts): Finding[] {
  const loadProblem =
    facts.loadProblem === undefined
      ? []
      : [
          problem(
            GROUP,
            'error',
            facts.loadProblem.message,
            facts.loadProblem.hint ?? 'Fix the file named above.',
          ),
        ];
  const diagnostics = facts.checkDiagnostics.procfile.map((diagnostic) =>
    fromDiagnostic(GROUP, diagnostic),
  );
  return [
    ...nameFindings(facts),
    ...gitFindings(facts),
    ...loadProblem,
    ...diagnostics,
    ...webFindings(facts),
  ];
}
