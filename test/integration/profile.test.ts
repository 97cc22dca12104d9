// Heroku sources .profile.d/*.sh (alphabetically), then .profile, before every dyno's command:
// formation dynos, the release phase and one-off dynos all see what they export.
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev } from '../helpers/hdev.js';
import { get } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const WEB = [
  "import { createServer } from 'node:http';",
  'const server = createServer((req, res) =>',
  '  res.end(`${process.env.GREETING}|${process.env.ORDER}|${process.env.FROM_ENV}\\n`),',
  ');',
  'server.listen(Number(process.env.PORT));',
  "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
  '',
].join('\n');

/** b.sh sorts after a.sh and uses what a.sh exported; .profile runs last and overrides .env. */
const PROFILE_FILES = {
  '.profile.d/b.sh': 'export ORDER="$ORDER b"\n',
  '.profile.d/a.sh': 'export FROM_PROFILE_D=alpha\nexport ORDER="a"\n',
  '.profile.d/notes.txt': 'export ORDER="not a .sh file"\n',
  '.profile':
    'export GREETING="$FROM_PROFILE_D-beta"\nexport ORDER="$ORDER profile"\nexport FROM_ENV="$FROM_ENV+profile"\n',
  '.env': 'FROM_ENV=config\n',
  'web.mjs': WEB,
};

describe('.profile.d/*.sh and .profile', () => {
  it('are sourced in order before web dynos and the release phase', async () => {
    const app = makeApp({
      ...PROFILE_FILES,
      Procfile: 'web: node web.mjs\nrelease: echo "release sees $GREETING|$ORDER"\n',
    });
    const port = await freeBasePort();
    const hdev = new HdevProcess(['start', '-p', String(port), '--no-watch'], { cwd: app });
    await hdev.waitForLine(/release\.\d+ +\| release sees alpha-beta\|a b profile$/);
    await hdev.waitForLine(/web\.1 +\| State changed from starting to up/);
    let body = '';
    await waitFor(
      async () => {
        body = (await get(port, '/')).body;
        return body.trim() === 'alpha-beta|a b profile|config+profile' ? body : undefined;
      },
      { timeoutMs: 15_000, describe: () => `the web dyno's env; last: ${body}` },
    );
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });

  it('are sourced once before a one-off dyno, not again in the scripts it runs', async () => {
    const app = makeApp({ ...PROFILE_FILES, Procfile: 'web: node web.mjs\n' });
    const result = await runHdev(
      ['run', 'echo "$GREETING|$ORDER|$FROM_ENV"; bash -c \'echo "nested $ORDER"\''],
      { cwd: app },
    );
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(String(result.stdout).trim().split('\n')).toEqual([
      'alpha-beta|a b profile|config+profile',
      'nested a b profile',
    ]);
  });
});
