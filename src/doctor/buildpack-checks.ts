// Buildpacks: the languages the root files imply against app.json `buildpacks` and their order.
// Dev Center "Using Multiple Buildpacks for an App": every listed buildpack runs, in order, and
// the last one decides the app's language and its default process types. Without a list,
// Heroku detects one buildpack only (Ruby, Node.js, …, Python: the first that matches).
import { WEB_TYPE } from '../domain/dyno-name.js';
import { buildpackKind } from '../config/process-types-choice.js';
import type { AppFacts, Language } from './facts.js';
import { impliedLanguages, readPackageJson } from './facts.js';
import type { Finding } from './finding.js';
import { ok, problem } from './finding.js';
import { commandPrograms, runtimeOf } from './commands.js';

const GROUP = 'Buildpacks';
const DETECTION_ORDER: readonly Language[] = ['ruby', 'nodejs', 'python'];
const MANIFEST: Readonly<Record<Language, string>> = {
  python: 'requirements.txt/Pipfile/pyproject.toml',
  nodejs: 'package.json',
  ruby: 'Gemfile',
};

function buildpackName(language: Language): string {
  return `heroku/${language}`;
}

/** The buildpacks that will run, in order: app.json's list, or the one Heroku detects. */
function effectiveBuildpacks(
  listed: readonly Language[] | undefined,
  implied: readonly Language[],
): Language[] {
  if (listed !== undefined) return [...listed];
  const detected = DETECTION_ORDER.find((language) => implied.includes(language));
  return detected === undefined ? [] : [detected];
}

function listFindings(
  listed: readonly Language[] | undefined,
  implied: readonly Language[],
): Finding[] {
  const file = 'app.json';
  if (listed === undefined) {
    if (implied.length <= 1)
      return implied.map((language) =>
        ok(GROUP, `${buildpackName(language)} is detected from ${MANIFEST[language]}`),
      );
    const detected = effectiveBuildpacks(undefined, implied)[0] ?? 'nodejs';
    return [
      problem(
        GROUP,
        'warning',
        `the files imply ${implied.map(buildpackName).join(' and ')}, but without a buildpack list Heroku detects only ${buildpackName(detected)}`,
        `List them in app.json \`buildpacks\` (and on the app: heroku buildpacks:add --index 1 ${buildpackName(implied.find((l) => l !== detected) ?? detected)}).`,
      ),
    ];
  }
  const findings: Finding[] = [];
  for (const language of implied.filter((language) => !listed.includes(language))) {
    findings.push(
      problem(
        GROUP,
        'warning',
        `${MANIFEST[language]} is here but ${buildpackName(language)} is not in app.json buildpacks: it is not installed`,
        `Add { "url": "${buildpackName(language)}" } to app.json buildpacks, or remove ${MANIFEST[language]}.`,
        { file },
      ),
    );
  }
  for (const language of listed.filter((language) => !implied.includes(language))) {
    findings.push(
      problem(
        GROUP,
        'error',
        `${buildpackName(language)} is listed but there is no ${MANIFEST[language]} in the app root: its detect step fails the build`,
        `Add ${MANIFEST[language]} to the root, or remove the buildpack from app.json.`,
        { file },
      ),
    );
  }
  if (findings.length === 0)
    findings.push(
      ok(
        GROUP,
        `app.json buildpacks (${listed.map(buildpackName).join(', ')}) match the app's files`,
        file,
      ),
    );
  return findings;
}

function webRuntimeFindings(
  facts: AppFacts,
  buildpacks: readonly Language[],
  listed: boolean,
): Finding[] {
  const web = facts.app?.procfile.types.find((type) => type.name === WEB_TYPE);
  if (web === undefined) return [];
  const packageJson = readPackageJson(facts.files['package.json']);
  const runtime = commandPrograms(web.command, packageJson)
    .map(runtimeOf)
    .find((kind) => kind !== undefined);
  if (runtime === undefined) return [];
  const where = { file: 'Procfile', line: web.line > 0 ? web.line : undefined };
  if (!buildpacks.includes(runtime))
    return [
      problem(
        GROUP,
        'error',
        `\`web: ${web.command}\` needs ${runtime === 'nodejs' ? 'Node.js' : runtime}, which no buildpack of this app installs (${buildpacks.length === 0 ? 'none' : buildpacks.map(buildpackName).join(', ')})`,
        `Add ${buildpackName(runtime)} to app.json buildpacks (heroku buildpacks:add ${buildpackName(runtime)}).`,
        where,
      ),
    ];
  const last = buildpacks[buildpacks.length - 1];
  if (listed && last !== runtime)
    return [
      problem(
        GROUP,
        facts.app?.processTypesOrigin === undefined ? 'warning' : 'error',
        `the last buildpack is ${buildpackName(last ?? runtime)}, but \`web\` runs on ${buildpackName(runtime)}: the last buildpack decides the app's language and default process types`,
        `Reorder app.json buildpacks so ${buildpackName(runtime)} comes last (heroku buildpacks:add --index 1 ${buildpackName(last ?? runtime)} after removing it).`,
        { file: 'app.json' },
      ),
    ];
  return [
    ok(
      GROUP,
      `\`web\` runs on ${buildpackName(runtime)}, which ${listed ? 'is the last buildpack' : 'builds the app'}`,
    ),
  ];
}

export function buildpackChecks(facts: AppFacts): Finding[] {
  const implied = impliedLanguages(facts);
  const urls = facts.app?.appJson?.buildpacks;
  const listed =
    urls === undefined || urls.length === 0
      ? undefined
      : urls.map(buildpackKind).filter((kind): kind is Language => kind !== undefined);
  const buildpacks = effectiveBuildpacks(listed, implied);
  return [
    ...listFindings(listed, implied),
    ...webRuntimeFindings(facts, buildpacks, listed !== undefined),
  ];
}
