// One fixture app per checklist item: the smallest app that shows the mistake, built in a temp
// dir (with a git repository where git matters), run through the doctor's fact gathering and
// static checks.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherFacts } from '../../../src/doctor/gather-facts.js';
import type { Finding } from '../../../src/doctor/finding.js';
import { staticChecks } from '../../../src/doctor/static-checks.js';
import { makeApp } from '../../helpers/app-dir.js';
import { gitIn } from '../../helpers/git.js';

type Files = Readonly<Record<string, string>>;

interface Row {
  readonly name: string;
  readonly files: Files;
  /** Commit these files (all when true) in a fresh repository. */
  readonly commit?: boolean | readonly string[];
  /** Written after the commit. */
  readonly after?: Files;
  readonly expected: {
    readonly group: Finding['group'];
    readonly status: Finding['status'];
    readonly message: RegExp;
    readonly file?: string;
    readonly line?: number;
  };
}

const NODE_APP: Files = {
  Procfile: 'web: node index.js\n',
  'package.json': JSON.stringify({ name: 'a', engines: { node: '>=20' } }),
  'index.js': '',
};

const git = gitIn;

export async function doctorFindings(
  row: Pick<Row, 'files' | 'commit' | 'after'>,
): Promise<Finding[]> {
  const root = makeApp(row.files);
  if (row.commit !== undefined && row.commit !== false) {
    git(root, 'init', '-q');
    git(root, 'add', ...(row.commit === true ? ['.'] : row.commit));
    git(root, 'commit', '-q', '-m', 'app');
  }
  for (const [path, text] of Object.entries(row.after ?? {})) writeFileSync(join(root, path), text);
  return staticChecks(await gatherFacts({ appDir: root }, root));
}

const rows: readonly Row[] = [
  // Procfile
  {
    name: 'a lowercase procfile',
    files: { procfile: 'web: node index.js\n' },
    expected: {
      group: 'Procfile',
      status: 'error',
      message: /exactly `Procfile`/,
      file: 'procfile',
    },
  },
  {
    name: 'Procfile.txt',
    files: { 'Procfile.txt': 'web: node index.js\n' },
    expected: {
      group: 'Procfile',
      status: 'error',
      message: /exactly `Procfile`/,
      file: 'Procfile.txt',
    },
  },
  {
    name: 'a Procfile in a subfolder',
    files: { 'app/Procfile': 'web: node index.js\n' },
    expected: { group: 'Procfile', status: 'error', message: /subfolder/, file: 'app/Procfile' },
  },
  {
    name: 'no Procfile at all',
    files: { 'index.js': '' },
    expected: { group: 'Procfile', status: 'error', message: /no Procfile in the app root/ },
  },
  {
    name: 'no Procfile, but the Node.js buildpack default applies',
    files: { 'package.json': JSON.stringify({ scripts: { start: 'node index.js' } }) },
    expected: {
      group: 'Procfile',
      status: 'warning',
      message: /^no Procfile: using the Node\.js buildpack's default process type `web: npm start`/,
    },
  },
  {
    name: "heroku.yml's run section instead of a Procfile",
    files: { 'heroku.yml': 'run:\n  web: node index.js\n' },
    expected: { group: 'Procfile', status: 'ok', message: /^process types from heroku\.yml/ },
  },
  {
    name: 'an uncommitted Procfile',
    files: { ...NODE_APP },
    commit: ['package.json'],
    expected: { group: 'Procfile', status: 'error', message: /not committed/, file: 'Procfile' },
  },
  {
    name: 'an ignored Procfile',
    files: { ...NODE_APP, '.gitignore': 'Procfile\n' },
    commit: ['package.json', '.gitignore'],
    expected: { group: 'Procfile', status: 'error', message: /\.gitignore rule matches/ },
  },
  {
    name: 'a Procfile changed since the commit',
    files: { ...NODE_APP },
    commit: true,
    after: { Procfile: 'web: node other.js\n' },
    expected: { group: 'Procfile', status: 'warning', message: /uncommitted changes/ },
  },
  {
    name: 'two commands for one type',
    files: { ...NODE_APP, Procfile: 'web: node a.js\nweb: node b.js\n' },
    expected: { group: 'Procfile', status: 'warning', message: /web/, line: 2 },
  },
  {
    name: 'a web framework without a web type',
    files: {
      Procfile: 'worker: node index.js\n',
      'package.json': JSON.stringify({ dependencies: { express: '^4' } }),
    },
    expected: { group: 'Procfile', status: 'error', message: /express.*H14/ },
  },
  // Config vars
  {
    name: 'a line dotenv skips',
    files: { ...NODE_APP, '.env': 'A=1\nnot a var\n' },
    expected: { group: 'Config vars', status: 'warning', message: /not a KEY=value line/, line: 2 },
  },
  {
    name: 'PORT set as a config var',
    files: { ...NODE_APP, '.env': 'A=1\nPORT=8000\n' },
    expected: { group: 'Config vars', status: 'error', message: /PORT=8000.*R10/, line: 2 },
  },
  {
    name: 'a JSON value that does not parse',
    files: { ...NODE_APP, '.env': `CREDS='{"type": "service_account",'\n` },
    expected: { group: 'Config vars', status: 'error', message: /CREDS looks like JSON/, line: 1 },
  },
  {
    name: 'a JSON value that parses',
    files: { ...NODE_APP, '.env': `CREDS='{"type":"service_account"}'\n` },
    expected: { group: 'Config vars', status: 'ok', message: /CREDS holds valid JSON/ },
  },
  {
    name: 'a var app.json requires',
    files: {
      ...NODE_APP,
      'app.json': JSON.stringify({ env: { SECRET_KEY: { description: 'x' } } }),
    },
    expected: { group: 'Config vars', status: 'error', message: /SECRET_KEY is required/ },
  },
  {
    name: 'a committed .env',
    files: { ...NODE_APP, '.env': 'A=1\n' },
    commit: true,
    expected: {
      group: 'Config vars',
      status: 'error',
      message: /\.env is committed/,
      file: '.env',
    },
  },
  {
    name: 'a .env not in .gitignore',
    files: { ...NODE_APP, '.env': 'A=1\n' },
    commit: ['Procfile'],
    expected: { group: 'Config vars', status: 'warning', message: /not in \.gitignore/ },
  },
  // Buildpacks
  {
    name: 'two languages and no buildpack list',
    files: { ...NODE_APP, 'requirements.txt': '' },
    expected: { group: 'Buildpacks', status: 'warning', message: /detects only heroku\/nodejs/ },
  },
  {
    name: 'a node web command with only the python buildpack',
    files: {
      ...NODE_APP,
      'requirements.txt': '',
      'app.json': JSON.stringify({ buildpacks: [{ url: 'heroku/python' }] }),
    },
    expected: { group: 'Buildpacks', status: 'error', message: /needs Node\.js/, line: 1 },
  },
  {
    name: 'the web runtime not last',
    files: {
      ...NODE_APP,
      'requirements.txt': '',
      'app.json': JSON.stringify({
        buildpacks: [{ url: 'heroku/nodejs' }, { url: 'heroku/python' }],
      }),
    },
    expected: {
      group: 'Buildpacks',
      status: 'warning',
      message: /last buildpack is heroku\/python/,
    },
  },
  {
    name: 'a buildpack without its files',
    files: {
      ...NODE_APP,
      'app.json': JSON.stringify({
        buildpacks: [{ url: 'heroku/ruby' }, { url: 'heroku/nodejs' }],
      }),
    },
    expected: { group: 'Buildpacks', status: 'error', message: /no Gemfile/ },
  },
  // Runtime versions
  {
    name: 'runtime.txt',
    files: {
      Procfile: 'web: gunicorn app:app\n',
      'requirements.txt': 'gunicorn==23.0.0\n',
      'runtime.txt': 'python-3.12.4\n',
    },
    expected: {
      group: 'Runtime versions',
      status: 'warning',
      message: /runtime\.txt is deprecated/,
    },
  },
  {
    name: 'an end-of-life Python',
    files: {
      Procfile: 'web: gunicorn app:app\n',
      'requirements.txt': 'gunicorn==23.0.0\n',
      '.python-version': '3.8\n',
    },
    expected: {
      group: 'Runtime versions',
      status: 'error',
      message: /Python 3\.8 is not supported/,
      line: 1,
    },
  },
  {
    name: 'a python- prefix in .python-version',
    files: {
      Procfile: 'web: gunicorn app:app\n',
      'requirements.txt': 'gunicorn==23.0.0\n',
      '.python-version': '# pinned\npython-3.12\n',
    },
    expected: { group: 'Runtime versions', status: 'error', message: /not a version/, line: 2 },
  },
  {
    name: 'an unsupported engines.node',
    files: { ...NODE_APP, 'package.json': JSON.stringify({ engines: { node: '16.x' } }) },
    expected: { group: 'Runtime versions', status: 'error', message: /allows no Node\.js line/ },
  },
  {
    name: 'no engines.node',
    files: { ...NODE_APP, 'package.json': '{}' },
    expected: { group: 'Runtime versions', status: 'warning', message: /no engines\.node/ },
  },
  {
    name: 'an old Ruby',
    files: {
      Procfile: 'web: bundle exec puma\n',
      Gemfile: 'source "https://rubygems.org"\nruby "2.7.8"\ngem "puma"\n',
    },
    expected: {
      group: 'Runtime versions',
      status: 'error',
      message: /Ruby 2\.7\.8 is not supported/,
      line: 2,
    },
  },
  // Dependencies
  {
    name: 'a lockfile out of sync',
    files: {
      ...NODE_APP,
      'package.json': JSON.stringify({
        engines: { node: '>=20' },
        dependencies: { express: '^4', ws: '^8' },
      }),
      'package-lock.json': JSON.stringify({ packages: { '': {}, 'node_modules/express': {} } }),
    },
    expected: { group: 'Dependencies', status: 'error', message: /does not list ws/ },
  },
  {
    name: 'two lockfiles',
    files: { ...NODE_APP, 'package-lock.json': '{}', 'yarn.lock': '' },
    expected: { group: 'Dependencies', status: 'error', message: /Multiple lockfiles/ },
  },
  {
    name: 'committed node_modules',
    files: { ...NODE_APP, 'node_modules/x/index.js': '' },
    commit: true,
    expected: { group: 'Dependencies', status: 'error', message: /node_modules\/ is committed/ },
  },
  {
    name: 'a committed virtualenv',
    files: { Procfile: 'web: gunicorn app:app\n', 'requirements.txt': '', '.venv/bin/python': '' },
    commit: true,
    expected: { group: 'Dependencies', status: 'error', message: /\.venv\/ is committed/ },
  },
  {
    name: 'a web command that needs a devDependency',
    files: {
      ...NODE_APP,
      Procfile: 'web: npm run dev\n',
      'package.json': JSON.stringify({
        scripts: { dev: 'nodemon index.js' },
        devDependencies: { nodemon: '^3' },
      }),
    },
    expected: {
      group: 'Dependencies',
      status: 'error',
      message: /runs nodemon, a devDependency/,
      line: 1,
    },
  },
  {
    name: 'unpinned requirements',
    files: {
      Procfile: 'web: gunicorn app:app\n',
      'requirements.txt': 'gunicorn==23.0.0\nflask>=3\n',
    },
    expected: {
      group: 'Dependencies',
      status: 'warning',
      message: /`flask>=3` is not pinned/,
      line: 2,
    },
  },
  // app.json
  {
    name: 'app.json that is not JSON',
    files: { ...NODE_APP, 'app.json': '{ "name": "x", }' },
    expected: { group: 'app.json', status: 'error', message: /invalid JSON/ },
  },
  {
    name: 'an app.json formation of the wrong shape',
    files: { ...NODE_APP, 'app.json': JSON.stringify({ formation: { web: { quantity: 'one' } } }) },
    expected: { group: 'app.json', status: 'error', message: /quantity/ },
  },
];

describe('hdev doctor static checks', () => {
  it.each(rows)('$name', async (row) => {
    const findings = await doctorFindings(row);
    const match = findings.find(
      (finding) =>
        finding.group === row.expected.group &&
        finding.status === row.expected.status &&
        row.expected.message.test(finding.message),
    );
    expect(match, JSON.stringify(findings, null, 2)).toBeDefined();
    if (row.expected.file !== undefined) expect(match?.file).toBe(row.expected.file);
    if (row.expected.line !== undefined) expect(match?.line).toBe(row.expected.line);
    if (match?.status !== 'ok') expect(match?.fix).toBeTruthy();
  });

  it('finds nothing wrong with a clean, committed app', async () => {
    const findings = await doctorFindings({
      files: {
        Procfile: 'web: node index.js\n',
        'package.json': JSON.stringify({
          engines: { node: `${process.versions.node.split('.')[0]}.x` },
        }),
        'index.js': '',
        '.gitignore': '.env\n',
        '.env': 'GREETING=hi\n',
      },
      commit: true,
    });
    expect(findings.filter((finding) => finding.status !== 'ok')).toEqual([]);
  });
});
