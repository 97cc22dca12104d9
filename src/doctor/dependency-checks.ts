// Dependencies: a lockfile that agrees with package.json (Heroku's `npm ci` refuses one that does
// not), no committed node_modules or virtualenv, no runtime command that needs a devDependency
// (the Node.js buildpack prunes them after the build), pinned Python requirements.
import type { AppFacts, PackageJson } from './facts.js';
import { readPackageJson, VENDORED_DIRS } from './facts.js';
import type { Finding } from './finding.js';
import { ok, problem } from './finding.js';
import { commandPrograms } from './commands.js';

const GROUP = 'Dependencies';
const LOCKFILES = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml'];

function lockFindings(facts: AppFacts, packageJson: PackageJson): Finding[] {
  const present = LOCKFILES.filter((name) => facts.rootEntries.includes(name));
  if (present.length > 1)
    return [
      problem(
        GROUP,
        'error',
        `several lockfiles (${present.join(', ')}): the Node.js buildpack fails with "Multiple lockfiles found"`,
        'Keep the one of the package manager you use and delete the others.',
      ),
    ];
  const declared =
    Object.keys(packageJson.dependencies).length + Object.keys(packageJson.devDependencies).length;
  if (present.length === 0 && declared === 0)
    return [ok(GROUP, 'package.json declares no dependencies: no lockfile needed')];
  if (present.length === 0)
    return [
      problem(
        GROUP,
        'warning',
        'package.json has no lockfile: every deploy may install different versions',
        'Run `npm install` and commit package-lock.json.',
        { file: 'package.json' },
      ),
    ];
  if (present[0] !== 'package-lock.json') return [ok(GROUP, `${present[0] ?? ''} is present`)];
  let packages: Record<string, unknown> = {};
  try {
    const lock = JSON.parse(facts.files['package-lock.json'] ?? '') as {
      packages?: Record<string, unknown>;
    };
    packages = lock.packages ?? {};
  } catch {
    return [
      problem(
        GROUP,
        'error',
        'package-lock.json is not valid JSON',
        'Delete it and run `npm install` to write it again.',
        { file: 'package-lock.json' },
      ),
    ];
  }
  const names = [
    ...Object.keys(packageJson.dependencies),
    ...Object.keys(packageJson.devDependencies),
  ];
  const missing = names.filter((name) => packages[`node_modules/${name}`] === undefined);
  if (missing.length > 0)
    return [
      problem(
        GROUP,
        'error',
        `package-lock.json does not list ${missing.join(', ')} from package.json: \`npm ci\` on Heroku fails (lockfile out of sync)`,
        'Run `npm install` and commit package-lock.json.',
        { file: 'package-lock.json' },
      ),
    ];
  return [ok(GROUP, 'package-lock.json agrees with package.json', 'package-lock.json')];
}

function devDependencyFindings(facts: AppFacts, packageJson: PackageJson): Finding[] {
  const types = facts.app?.procfile.types.filter((type) => type.name !== 'release') ?? [];
  return types.flatMap((type) => {
    const programs = commandPrograms(type.command, packageJson);
    const dev = programs.find(
      (program) =>
        packageJson.devDependencies[program] !== undefined &&
        packageJson.dependencies[program] === undefined,
    );
    if (dev === undefined) return [];
    return [
      problem(
        GROUP,
        'error',
        `\`${type.name}: ${type.command}\` runs ${dev}, a devDependency: Heroku prunes devDependencies after the build, so the dyno crashes`,
        `Run the built app with node in the Procfile, or move ${dev} to dependencies.`,
        { file: 'Procfile', line: type.line > 0 ? type.line : undefined },
      ),
    ];
  });
}

function vendoredFindings(facts: AppFacts): Finding[] {
  const git = facts.git;
  if (git === undefined) return [];
  const committed = VENDORED_DIRS.filter((dir) => git.tracked.has(`${dir}/`));
  if (committed.length === 0) return [ok(GROUP, 'no node_modules or virtualenv is committed')];
  return committed.map((dir) =>
    problem(
      GROUP,
      'error',
      `${dir}/ is committed to git: the buildpack ${dir === 'node_modules' ? 'warns and reinstalls it' : 'refuses to build'}, and it bloats the slug`,
      `git rm -r --cached ${dir} && echo ${dir}/ >> .gitignore`,
      { file: `${dir}/` },
    ),
  );
}

/** pip installs the newest release of an unpinned requirement on every deploy. */
function requirementFindings(facts: AppFacts): Finding[] {
  const text = facts.files['requirements.txt'];
  if (text === undefined) return [];
  const unpinned = text
    .split(/\r?\n/)
    .map((line, index) => ({ requirement: line.replace(/\s#.*$/, '').trim(), line: index + 1 }))
    .filter(
      ({ requirement }) =>
        requirement !== '' && !/^[#-]/.test(requirement) && !requirement.includes('://'),
    )
    .filter(({ requirement }) => !/===?/.test(requirement));
  if (unpinned.length === 0)
    return [ok(GROUP, 'requirements.txt pins every version (==)', 'requirements.txt')];
  return unpinned.map(({ requirement, line }) =>
    problem(
      GROUP,
      'warning',
      `\`${requirement}\` is not pinned: every deploy may install a different version`,
      'Pin it with `==` (pip freeze shows what you have installed).',
      { file: 'requirements.txt', line },
    ),
  );
}

export function dependencyChecks(facts: AppFacts): Finding[] {
  const packageJson = readPackageJson(facts.files['package.json']);
  const node =
    packageJson === undefined
      ? facts.files['package.json'] === undefined
        ? []
        : [
            problem(
              GROUP,
              'error',
              'package.json is not valid JSON',
              'Fix its syntax: the Node.js buildpack cannot read it.',
              { file: 'package.json' },
            ),
          ]
      : [...lockFindings(facts, packageJson), ...devDependencyFindings(facts, packageJson)];
  return [...node, ...vendoredFindings(facts), ...requirementFindings(facts)];
}
