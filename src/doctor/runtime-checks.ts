// Runtime versions: what the app asks for (.python-version, runtime.txt, engines.node, the
// Gemfile's `ruby`) against what Heroku's buildpacks provide (supported-runtimes.json) and what
// is installed here, so "works on my machine" runs on the same major line as production.
import supported from './supported-runtimes.json' with { type: 'json' };
import type { AppFacts } from './facts.js';
import { readPackageJson } from './facts.js';
import type { Finding } from './finding.js';
import { ok, problem } from './finding.js';
import { rangeAllowsMajor } from './version-range.js';

const GROUP = 'Runtime versions';

export interface SupportedRuntimes {
  readonly checked: string;
  readonly python: readonly string[];
  readonly nodejs: readonly string[];
  readonly ruby: readonly string[];
}

export const SUPPORTED_RUNTIMES: SupportedRuntimes = supported;

/** `3.12.1` → `3.12`. */
function minorLine(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

function firstLine(text: string): { value: string; line: number } | undefined {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => line.replace(/#.*/, '').trim() !== '');
  return index === -1
    ? undefined
    : { value: (lines[index] ?? '').replace(/#.*/, '').trim(), line: index + 1 };
}

function versionFindings(
  language: string,
  requested: string,
  where: { file: string; line?: number | undefined },
  lines: readonly string[],
  local: string | undefined,
  checked: string,
): Finding[] {
  const line = minorLine(requested);
  const findings: Finding[] = [];
  if (!lines.includes(line))
    findings.push(
      problem(
        GROUP,
        'error',
        `${language} ${requested} is not supported by Heroku's buildpack (supported: ${lines.join(', ')}; list checked ${checked})`,
        `Ask for a supported version, e.g. ${lines[lines.length - 1] ?? ''}.`,
        where,
      ),
    );
  else findings.push(ok(GROUP, `${language} ${requested} is supported on Heroku`, where.file));
  if (local !== undefined && minorLine(local) !== line)
    findings.push(
      problem(
        GROUP,
        'warning',
        `${language} ${local} is installed here, but the app asks for ${requested}: local runs differ from Heroku's`,
        `Install ${language} ${line} locally (pyenv, rbenv, asdf...).`,
        where,
      ),
    );
  return findings;
}

function pythonFindings(facts: AppFacts, table: SupportedRuntimes): Finding[] {
  const findings: Finding[] = [];
  const runtimeTxt = facts.files['runtime.txt'];
  const pythonVersion = facts.files['.python-version'];
  if (runtimeTxt !== undefined) {
    const entry = firstLine(runtimeTxt);
    findings.push(
      problem(
        GROUP,
        'warning',
        "runtime.txt is deprecated by Heroku's Python buildpack",
        `Replace it with .python-version holding just the version, e.g. \`${(entry?.value ?? 'python-3.13').replace(/^python-/, '')}\`.`,
        { file: 'runtime.txt' },
      ),
    );
    const version = /^python-(3\.\d+(?:\.\d+)?)$/.exec(entry?.value ?? '')?.[1];
    if (version === undefined)
      findings.push(
        problem(
          GROUP,
          'error',
          `runtime.txt holds \`${entry?.value ?? ''}\`, not python-3.X or python-3.X.Y`,
          'Write e.g. `python-3.13` (or better, move to .python-version).',
          { file: 'runtime.txt', line: entry?.line },
        ),
      );
    else
      findings.push(
        ...versionFindings(
          'Python',
          version,
          { file: 'runtime.txt', line: entry?.line },
          table.python,
          facts.localRuntimes.python,
          table.checked,
        ),
      );
    return findings; // runtime.txt wins over .python-version on Heroku
  }
  if (pythonVersion !== undefined) {
    const entry = firstLine(pythonVersion);
    const version = /^(3\.\d+(?:\.\d+)?)$/.exec(entry?.value ?? '')?.[1];
    if (version === undefined)
      return [
        problem(
          GROUP,
          'error',
          `.python-version holds \`${entry?.value ?? ''}\`, not a version such as 3.13 or 3.13.5`,
          'Write just the version, without a `python-` prefix.',
          { file: '.python-version', line: entry?.line },
        ),
      ];
    return versionFindings(
      'Python',
      version,
      { file: '.python-version', line: entry?.line },
      table.python,
      facts.localRuntimes.python,
      table.checked,
    );
  }
  if (
    facts.rootEntries.includes('requirements.txt') ||
    facts.rootEntries.includes('pyproject.toml')
  )
    return [
      problem(
        GROUP,
        'warning',
        'no .python-version: Heroku picks its default Python, which changes over time',
        `Add a .python-version file with the major version you test with, e.g. \`${minorLine(facts.localRuntimes.python ?? '3.13')}\`.`,
      ),
    ];
  return [];
}

function nodeFindings(facts: AppFacts, table: SupportedRuntimes): Finding[] {
  const packageJson = readPackageJson(facts.files['package.json']);
  if (packageJson === undefined) return [];
  const range = packageJson.engines.node;
  const where = { file: 'package.json' };
  if (range === undefined)
    return [
      problem(
        GROUP,
        'warning',
        'package.json has no engines.node: Heroku installs its current default Node.js, which changes over time',
        `Add "engines": { "node": "${(facts.localRuntimes.node ?? '22').split('.')[0] ?? '22'}.x" } to package.json.`,
        where,
      ),
    ];
  const findings: Finding[] = [];
  const majors = table.nodejs.filter((major) => rangeAllowsMajor(range, Number(major)));
  if (majors.length === 0)
    findings.push(
      problem(
        GROUP,
        'error',
        `engines.node \`${range}\` allows no Node.js line Heroku supports (${table.nodejs.join(', ')}; list checked ${table.checked})`,
        `Use a supported line, e.g. "${table.nodejs[table.nodejs.length - 1] ?? ''}.x".`,
        where,
      ),
    );
  else
    findings.push(
      ok(
        GROUP,
        `engines.node \`${range}\` allows Node.js ${majors.join(', ')} on Heroku`,
        'package.json',
      ),
    );
  const local = facts.localRuntimes.node;
  if (local !== undefined && !rangeAllowsMajor(range, Number(local.split('.')[0])))
    findings.push(
      problem(
        GROUP,
        'warning',
        `Node.js ${local} is installed here, but engines.node is \`${range}\``,
        'Install a matching Node.js locally (nvm, fnm, asdf...).',
        where,
      ),
    );
  return findings;
}

function rubyFindings(facts: AppFacts, table: SupportedRuntimes): Finding[] {
  const gemfile = facts.files.Gemfile;
  if (gemfile === undefined) return [];
  const lines = gemfile.split(/\r?\n/);
  const index = lines.findIndex((line) => /^\s*ruby\s+['"]/.test(line));
  const version = /(\d+\.\d+(?:\.\d+)?)/.exec(lines[index] ?? '')?.[1];
  if (index === -1 || version === undefined)
    return [
      problem(
        GROUP,
        'warning',
        'the Gemfile names no `ruby` version: Heroku picks its default Ruby',
        'Add a line such as `ruby "3.3.6"` to the Gemfile.',
        { file: 'Gemfile' },
      ),
    ];
  return versionFindings(
    'Ruby',
    version,
    { file: 'Gemfile', line: index + 1 },
    table.ruby,
    facts.localRuntimes.ruby,
    table.checked,
  );
}

export function runtimeChecks(
  facts: AppFacts,
  table: SupportedRuntimes = SUPPORTED_RUNTIMES,
): Finding[] {
  return [
    ...pythonFindings(facts, table),
    ...nodeFindings(facts, table),
    ...rubyFindings(facts, table),
  ];
}
