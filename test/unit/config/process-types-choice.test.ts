import { describe, expect, it } from 'vitest';
import { HdevError } from '../../../src/errors.js';
import { parseHerokuYmlRun } from '../../../src/config/heroku-yml.js';
import type { AppManifests } from '../../../src/config/process-types-choice.js';
import { buildpackKind, chooseProcessTypes } from '../../../src/config/process-types-choice.js';

const none: AppManifests = { procfileExists: false, procfileGiven: false, hasServerJs: false };
const startScript = JSON.stringify({ scripts: { start: 'node index.js' } });
const noStart = JSON.stringify({ scripts: { test: 'node --test' } });
const railsLock = 'GEM\n  specs:\n    rack (3.0.8)\n    railties (7.1.2)\n';
const rackLock = 'GEM\n  specs:\n    rack (3.0.8)\n    sinatra (4.0.0)\n';
const thinLock = 'GEM\n  specs:\n    rack (2.2.8)\n    thin (1.8.2)\n';
const herokuYml =
  'build:\n  docker:\n    web: Dockerfile\nrun:\n  web: bundle exec puma -p $PORT\n';

/** `web: cmd` pairs, or `procfile` (+ hint), for a compact table. */
function summary(manifests: Partial<AppManifests>): string {
  const choice = chooseProcessTypes({ ...none, ...manifests });
  if (choice.kind === 'procfile')
    return choice.hint === undefined ? 'procfile' : `procfile (${choice.hint})`;
  return `${choice.file}: ${choice.types.map((type) => `${type.name}: ${type.command}`).join(' | ')}`;
}

describe('chooseProcessTypes', () => {
  it.each<[string, Partial<AppManifests>, string]>([
    ['a Procfile', { procfileExists: true, packageJson: startScript }, 'procfile'],
    ['-f given, even if missing', { procfileGiven: true, packageJson: startScript }, 'procfile'],
    ['nothing at all', {}, 'procfile'],
    [
      'node: start script',
      { packageJson: startScript },
      'Node.js buildpack default: web: npm start',
    ],
    [
      'node: no start script but server.js',
      { packageJson: noStart, hasServerJs: true },
      'Node.js buildpack default: web: npm start',
    ],
    [
      'node: neither start script nor server.js',
      { packageJson: noStart },
      'procfile (No buildpack default either: package.json has no start script and there is no server.js (Node.js buildpack).)',
    ],
    [
      'node: unreadable package.json',
      { packageJson: '{' },
      'procfile (No buildpack default either: package.json has no start script and there is no server.js (Node.js buildpack).)',
    ],
    [
      'ruby: rails',
      { gemfileLock: railsLock },
      'Ruby buildpack default: web: bin/rails server -p $PORT -e ${RAILS_ENV:-production}',
    ],
    [
      'ruby: rack',
      { gemfileLock: rackLock },
      'Ruby buildpack default: web: bundle exec rackup config.ru -p $PORT',
    ],
    [
      'ruby: rack with thin',
      { gemfileLock: thinLock },
      'Ruby buildpack default: web: bundle exec thin start -R config.ru -e ${RACK_ENV:-production} -p $PORT',
    ],
    [
      'python has no default',
      { pythonManifest: 'requirements.txt' },
      'procfile (No buildpack default either: the Python buildpack declares no default process types (Python buildpack).)',
    ],
    [
      'detection order: ruby before node',
      { gemfileLock: rackLock, packageJson: startScript },
      'Ruby buildpack default: web: bundle exec rackup config.ru -p $PORT',
    ],
    [
      'app.json buildpacks: the last one decides',
      {
        gemfileLock: rackLock,
        packageJson: startScript,
        buildpacks: ['heroku/ruby', 'heroku/nodejs'],
      },
      'Node.js buildpack default: web: npm start',
    ],
    [
      'app.json buildpacks: last applicable one (python has no files here)',
      {
        packageJson: startScript,
        buildpacks: ['https://github.com/heroku/heroku-buildpack-nodejs', 'heroku/python'],
      },
      'Node.js buildpack default: web: npm start',
    ],
    [
      'app.json buildpacks: node then python app, python decides: no default',
      {
        packageJson: startScript,
        pythonManifest: 'requirements.txt',
        buildpacks: ['heroku/nodejs', 'heroku/python'],
      },
      'procfile (No buildpack default either: the Python buildpack declares no default process types (Python buildpack).)',
    ],
    [
      'heroku.yml run wins over the Procfile',
      { procfileExists: true, herokuYml },
      'heroku.yml: web: bundle exec puma -p $PORT',
    ],
    [
      'heroku.yml without run: the Procfile',
      { procfileExists: true, herokuYml: 'build:\n  docker:\n    web: Dockerfile\n' },
      'procfile',
    ],
    ['-f wins over heroku.yml', { procfileGiven: true, herokuYml }, 'procfile'],
  ])('%s', (_name, manifests, expected) => {
    expect(summary(manifests)).toBe(expected);
  });

  it('says which default it used', () => {
    const choice = chooseProcessTypes({ ...none, packageJson: startScript });
    expect(choice.kind === 'declared' && choice.description).toBe(
      "no Procfile: using the Node.js buildpack's default process type `web: npm start` (package.json has a start script)",
    );
  });
});

describe('buildpackKind', () => {
  it.each<[string, string | undefined]>([
    ['heroku/nodejs', 'nodejs'],
    ['https://github.com/heroku/heroku-buildpack-nodejs', 'nodejs'],
    ['https://github.com/heroku/heroku-buildpack-nodejs.git#v200', 'nodejs'],
    ['heroku/ruby', 'ruby'],
    ['heroku/python', 'python'],
    ['heroku/go', undefined],
    ['https://github.com/heroku/heroku-buildpack-pgbouncer', undefined],
  ])('%s → %s', (url, kind) => {
    expect(buildpackKind(url)).toBe(kind);
  });
});

describe('parseHerokuYmlRun', () => {
  it.each<[string, string, { name: string; command: string }[] | undefined]>([
    ['no run section', 'build:\n  docker:\n    web: Dockerfile\n', undefined],
    [
      'scalar form',
      'run:\n  web: npm start\n  worker: node worker.js # comment\n',
      [
        { name: 'web', command: 'npm start' },
        { name: 'worker', command: 'node worker.js' },
      ],
    ],
    [
      'command list form',
      'run:\n  web:\n    command:\n      - bundle exec puma -C config/puma.rb\n    image: web\n',
      [{ name: 'web', command: 'bundle exec puma -C config/puma.rb' }],
    ],
    [
      'flow list and quotes',
      'run:\n  web:\n    command: ["gunicorn", \'app:app\']\n  worker: "python w.py"\n',
      [
        { name: 'web', command: 'gunicorn app:app' },
        { name: 'worker', command: 'python w.py' },
      ],
    ],
    [
      'CRLF and sections around it',
      'setup:\r\n  addons:\r\n    - plan: heroku-postgresql\r\nrun:\r\n  web: node web.js\r\nbuild:\r\n  docker:\r\n    web: Dockerfile\r\n',
      [{ name: 'web', command: 'node web.js' }],
    ],
  ])('%s', (_name, text, expected) => {
    const run = parseHerokuYmlRun(text).run;
    expect(run?.map(({ name, command }) => ({ name, command }))).toEqual(expected);
  });

  it('reads the release command', () => {
    const parsed = parseHerokuYmlRun(
      'release:\n  image: web\n  command:\n    - ./release.sh\nrun:\n  web: node web.js\n',
    );
    expect(parsed.release).toEqual({ name: 'release', command: './release.sh', line: 1 });
  });

  it('gives each run entry the line of its name', () => {
    const run = parseHerokuYmlRun('# app\nrun:\n  web: a\n\n  worker:\n    command: [b]\n').run;
    expect(run?.map(({ name, line }) => [name, line])).toEqual([
      ['web', 3],
      ['worker', 5],
    ]);
  });

  it('refuses YAML it cannot read, naming heroku.yml and the line', () => {
    expect(() => parseHerokuYmlRun('run:\n  web: [unclosed\n')).toThrow(/^heroku\.yml:\d+: /);
    expect(() => parseHerokuYmlRun('run:\n  web: [unclosed\n')).toThrow(HdevError);
  });
});
