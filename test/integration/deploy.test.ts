// Watch, build, release, rollout: file and config changes roll out like a Heroku deploy.
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev } from '../helpers/hdev.js';
import { get, waitForBody } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

/** A web dyno whose answer is written into its code, so a deploy is visible through the router. */
function webCode(version: string): string {
  return [
    "import { createServer } from 'node:http';",
    `const VERSION = '${version}';`,
    'const server = createServer((req, res) => res.end(`${VERSION} ${process.env.GREETING ?? "-"}\\n`));',
    "server.listen(Number(process.env.PORT), () => console.log('listening'));",
    "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
    '',
  ].join('\n');
}

interface ReleaseEntry {
  version: number;
  description: string;
  status: string;
  failure?: string;
}

async function startApp(
  files: Record<string, string> = {},
  args: string[] = [],
): Promise<{ hdev: HdevProcess; app: string; port: number }> {
  const app = makeApp({ Procfile: 'web: node web.mjs\n', 'web.mjs': webCode('one'), ...files });
  const port = await freeBasePort();
  const hdev = new HdevProcess(['start', '-p', String(port), ...args], { cwd: app });
  await hdev.waitForLine(/web\.1 +\| State changed from starting to up/);
  await waitForBody(port, /^one /);
  return { hdev, app, port };
}

async function releases(app: string): Promise<ReleaseEntry[]> {
  const result = await runHdev(['releases', '--json'], { cwd: app });
  expect(result.exitCode, String(result.stderr)).toBe(0);
  return JSON.parse(String(result.stdout)) as ReleaseEntry[];
}

function waitForRelease(app: string, version: number): Promise<ReleaseEntry> {
  let seen: ReleaseEntry[] = [];
  return waitFor(
    async () => {
      seen = await releases(app);
      return seen.find((release) => release.version === version && release.status !== 'pending');
    },
    { timeoutMs: 30_000, describe: () => `release v${version}; releases: ${JSON.stringify(seen)}` },
  );
}

async function stop(hdev: HdevProcess): Promise<void> {
  hdev.signal('SIGTERM');
  await hdev.waitForExit();
  hdev.expectNoSurvivors();
}

describe('deploys on file changes', () => {
  it('makes a release on a code change and serves the new code through the router', async () => {
    const { hdev, app, port } = await startApp();
    writeFileSync(join(app, 'web.mjs'), webCode('two'));
    const release = await waitForRelease(app, 2);
    expect(release).toMatchObject({ description: 'Deploy (1 file changed)', status: 'succeeded' });
    await waitForBody(port, /^two /);
    await hdev.waitForLine(/api +\| Release v2 created/);
    const text = await runHdev(['releases'], { cwd: app });
    expect(text.stdout).toMatch(
      /^=== Releases - Current: v2\nv2 +Deploy \(1 file changed\) +succeeded/,
    );
    await stop(hdev);
  });

  it('deploys nothing on a save with no edit, and says so', async () => {
    const { hdev, app, port } = await startApp();
    const now = new Date();
    utimesSync(join(app, 'web.mjs'), now, now); // an editor's save of an unchanged file
    await hdev.waitForLine(/api +\| Nothing to deploy: the code is the same as v1's/);
    writeFileSync(join(app, 'web.mjs'), webCode('two'));
    expect((await waitForRelease(app, 2)).description).toBe('Deploy (1 file changed)');
    await waitForBody(port, /^two /);
    expect((await releases(app)).map((release) => release.version)).toEqual([1, 2]);
    await stop(hdev);
  });

  it('takes new process types from an edited Procfile on the next release', async () => {
    const { hdev, app } = await startApp();
    writeFileSync(
      join(app, 'Procfile'),
      `web: node web.mjs\nclock: node ${fixture('ticker.mjs')}\n`,
    );
    expect((await waitForRelease(app, 2)).status).toBe('succeeded');
    await hdev.waitForLine(/clock\.1 +\| tick \d+/);
    expect((await runHdev(['scale'], { cwd: app })).stdout).toBe('web=1 clock=1');
    await stop(hdev);
  });

  it('turns a burst of 50 changes into one release', async () => {
    const { hdev, app } = await startApp();
    for (let change = 0; change < 50; change++)
      writeFileSync(join(app, `file-${change % 10}.txt`), `${change}`);
    await waitForRelease(app, 2);
    // A later, separate change makes v3: had the burst made more than one release, it would be v4 or later.
    writeFileSync(join(app, 'after.txt'), 'later');
    const third = await waitForRelease(app, 3);
    expect(third.description).toBe('Deploy (1 file changed)');
    expect((await releases(app)).map((release) => release.version)).toEqual([1, 2, 3]);
    await stop(hdev);
  });

  it('keeps the running release when the build fails, and says so', async () => {
    const { hdev, app, port } = await startApp({}, ['--build', 'test ! -e BROKEN']);
    writeFileSync(join(app, 'BROKEN'), '');
    writeFileSync(join(app, 'web.mjs'), webCode('two'));
    const release = await waitForRelease(app, 2);
    expect(release.status).toBe('failed');
    expect(release.failure).toMatch(/`test ! -e BROKEN` exited with status 1/);
    await hdev.waitForLine(/api +\| Build failed/);
    await hdev.waitForLine(/api +\| Release v2 failed: .*v1 keeps running/);
    expect((await get(port, '/')).body).toMatch(/^one /);
    await stop(hdev);
  });

  it('keeps the running release when the release phase fails', async () => {
    const { hdev, app, port } = await startApp({
      Procfile: 'web: node web.mjs\nrelease: test ! -e BROKEN\n',
    });
    writeFileSync(join(app, 'BROKEN'), '');
    writeFileSync(join(app, 'web.mjs'), webCode('two'));
    const release = await waitForRelease(app, 2);
    expect(release).toMatchObject({ status: 'failed' });
    expect(release.failure).toMatch(/release command exited with status 1/);
    expect((await get(port, '/')).body).toMatch(/^one /);
    await stop(hdev);
  });

  it('rolls web=2 out under a steady load without a failed request', async () => {
    const { hdev, app, port } = await startApp({}, ['web=2']);
    await hdev.waitForLine(/web\.2 +\| State changed from starting to up/);
    let rolling = true;
    const failures: string[] = [];
    let served = 0;
    const load = async (): Promise<void> => {
      for (let request = 0; rolling && request < 10_000; request++) {
        const reply = await get(port, '/').catch((error: unknown) => ({
          status: 0,
          body: String(error),
        }));
        if (reply.status === 200) served++;
        else failures.push(`${reply.status} ${reply.body}`);
      }
    };
    const clients = Array.from({ length: 4 }, load);
    writeFileSync(join(app, 'web.mjs'), webCode('two'));
    await waitForRelease(app, 2);
    await waitForBody(port, /^two /);
    // Until the old dynos are gone: both stop after the new ones came up.
    await hdev.waitForLines(/web\.\d +\| Process exited with status 0/, 2);
    rolling = false;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(10);
    // Both new web dynos run on ports of their own, neither crashed.
    const ps = JSON.parse(String((await runHdev(['ps', '--json'], { cwd: app })).stdout)) as {
      name: string;
      state: string;
      port: number;
      restarts: number;
    }[];
    const web = ps.filter((dyno) => dyno.name.startsWith('web.'));
    expect(web.map((dyno) => dyno.state)).toEqual(['up', 'up']);
    expect(new Set(web.map((dyno) => dyno.port)).size).toBe(2);
    expect(web.map((dyno) => dyno.restarts)).toEqual([0, 0]);
    expect(hdev.stdout).not.toMatch(/EADDRINUSE/);
    await stop(hdev);
  });

  const WRITER = {
    Procfile: 'web: node web.mjs\nworker: node writer.mjs\n',
    'writer.mjs': `import { writeFileSync } from 'node:fs';\nwriteFileSync('state.json', String(Date.now()));\nsetInterval(() => {}, 60_000);\n`,
  };

  it('a dyno writes into its slug, not the app: no deploy, and the next build names the file', async () => {
    const { hdev, app, port } = await startApp(WRITER);
    await hdev.waitForLine(/worker\.1 +\| State changed from starting to up/);
    writeFileSync(join(app, 'web.mjs'), webCode('two'));
    await waitForBody(port, /^two /);
    await hdev.waitForLine(/api +\| The dynos wrote state\.json into their slug/);
    expect((await releases(app)).map((release) => release.description)).toEqual([
      'Initial release',
      'Deploy (1 file changed)',
    ]);
    await stop(hdev);
  });

  it('with --no-slugs, notices a dyno that rewrites the watched tree, and stops following it', async () => {
    // The worker writes when it is stopped, which every deploy does before it ends: each change
    // then comes less than the loop rule's 1 s after the previous deploy's end however loaded the
    // machine is. (A write at boot comes after the end, by a spawn that load can slow past 1 s.)
    const { hdev, app } = await startApp(
      {
        Procfile:
          'web: node web.mjs\n' +
          "worker: trap 'date +%s%N > state.json; exit 0' TERM; sleep 60 & wait\n",
      },
      ['--no-slugs'],
    );
    await hdev.waitForLine(/worker\.1 +\| State changed from starting to up/);
    writeFileSync(join(app, 'state.json'), 'first\n');
    // Shorter than the test's own timeout, so that a failure shows hdev's output.
    await hdev.waitForLine(/watch +\| Restart loop: state\.json changed on every deploy/, 45_000);
    await stop(hdev);
  });
});

describe('config vars', () => {
  it('config:set and config:unset edit the env file in place, release and restart', async () => {
    const env =
      '# the greeting\nGREETING=hello\n\n# database\nexport DATABASE_URL="postgres://x"\n';
    const { hdev, app, port } = await startApp({ '.env': env, '.gitignore': '.env\n' });
    await waitForBody(port, /^one hello$/);

    const set = await runHdev(['config:set', 'GREETING=hi there', 'NEW_KEY=1'], { cwd: app });
    expect(set.exitCode, String(set.stderr)).toBe(0);
    expect(set.stdout).toMatch(/^Setting GREETING, NEW_KEY and restarting .*\.\.\. done, v2$/);
    expect(readFileSync(join(app, '.env'), 'utf8')).toBe(
      '# the greeting\nGREETING="hi there"\n\n# database\nexport DATABASE_URL="postgres://x"\nNEW_KEY=1\n',
    );
    await waitForBody(port, /^one hi there$/);
    expect((await waitForRelease(app, 2)).description).toBe('Set GREETING, NEW_KEY config vars');

    const unset = await runHdev(['config:unset', 'GREETING'], { cwd: app });
    expect(unset.stdout).toMatch(/done, v3$/);
    expect(readFileSync(join(app, '.env'), 'utf8')).toBe(
      '# the greeting\n\n# database\nexport DATABASE_URL="postgres://x"\nNEW_KEY=1\n',
    );
    await waitForBody(port, /^one -$/);
    expect((await waitForRelease(app, 3)).description).toBe('Remove GREETING config vars');

    const shown = await runHdev(['config:get', 'NEW_KEY'], { cwd: app });
    expect(shown.stdout).toBe('1');
    const bad = await runHdev(['config:set', 'NOEQUALS'], { cwd: app });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/NOEQUALS is invalid\. Must be in the format FOO=bar\./);
    await stop(hdev);
  });

  it('config works without hdev start, and prints Heroku\u2019s layout', async () => {
    const app = makeApp({
      Procfile: `web: node ${fixture('router-app.mjs')}\n`,
      '.env': 'B=2\nA_LONGER=1\n',
    });
    const text = await runHdev(['config'], { cwd: app });
    expect(text.stdout).toBe('=== Config Vars\nB:        2\nA_LONGER: 1');
    const set = await runHdev(['config:set', 'C=3'], { cwd: app });
    expect(set.stdout).toMatch(
      /^Setting C in \.env\.\.\. done \(no hdev start is running to restart\)$/,
    );
    expect((await runHdev(['config', '--json'], { cwd: app })).stdout).toBe(
      JSON.stringify({ B: '2', A_LONGER: '1', C: '3' }, null, 2),
    );
  });
});
