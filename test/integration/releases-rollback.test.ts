// Releases are code plus config: each runs from its own slug, `releases:rollback` goes back to an
// older one (its code and its config vars) with no failed request, and the history, the slugs
// and the ledger survive a restart of hdev start.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev } from '../helpers/hdev.js';
import { get, waitForBody } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

function webCode(version: string): string {
  return [
    "import { createServer } from 'node:http';",
    `const VERSION = '${version}';`,
    'const server = createServer((req, res) => {',
    "  if (req.url === '/cwd') return res.end(process.cwd());",
    '  res.end(`${VERSION} ${process.env.GREETING ?? "-"}\\n`);',
    '});',
    'server.listen(Number(process.env.PORT));',
    "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
    '',
  ].join('\n');
}

interface ReleaseEntry {
  version: number;
  description: string;
  status: string;
  slug?: { id: string; sizeBytes: number };
  rollbackOf?: number;
}

async function releases(app: string): Promise<ReleaseEntry[]> {
  const result = await runHdev(['releases', '--json'], { cwd: app });
  expect(result.exitCode, String(result.stderr)).toBe(0);
  return JSON.parse(String(result.stdout)) as ReleaseEntry[];
}

async function waitForSettled(app: string, version: number): Promise<ReleaseEntry> {
  let seen: ReleaseEntry[] = [];
  return waitFor(
    async () => {
      seen = await releases(app);
      return seen.find((entry) => entry.version === version && entry.status !== 'pending');
    },
    { timeoutMs: 30_000, describe: () => `v${version} settled; releases: ${JSON.stringify(seen)}` },
  );
}

describe('slugs and rollback', () => {
  it('rolls back to v2: its code and config vars, with no failed request; the history survives a restart', async () => {
    const app = makeApp({
      Procfile: 'web: node web.mjs\n',
      'web.mjs': webCode('one'),
      '.env': 'GREETING=alpha\n',
    });
    const port = await freeBasePort();
    const hdev = new HdevProcess(['start', '--no-tui', '-p', String(port)], { cwd: app });
    await waitForBody(port, /^one alpha$/);
    const cwd = (await get(port, '/cwd')).body;
    expect(cwd).not.toBe(app);
    expect(cwd).toMatch(/slugs/);

    writeFileSync(join(app, 'web.mjs'), webCode('two'));
    await waitForBody(port, /^two alpha$/);
    expect(await waitForSettled(app, 2)).toMatchObject({ status: 'succeeded' });

    writeFileSync(join(app, 'web.mjs'), webCode('three'));
    await waitForBody(port, /^three alpha$/);
    writeFileSync(join(app, '.env'), 'GREETING=beta\n');
    await waitForBody(port, /^three beta$/);
    const beforeRollback = await releases(app);
    const current = Math.max(...beforeRollback.map((entry) => entry.version));

    // Requests through the router during the whole rollback (bounded in count and time).
    const answers: string[] = [];
    const loopState = { rolledBack: false };
    const loop = (async () => {
      const deadline = Date.now() + 60_000;
      while (!loopState.rolledBack && answers.length < 20_000 && Date.now() < deadline) {
        const reply = await get(port, '/');
        answers.push(`${reply.status} ${reply.body.trim()}`);
      }
    })();
    const rollback = await runHdev(['releases:rollback', 'v2'], { cwd: app, timeout: 60_000 });
    await waitForBody(port, /^two alpha$/);
    loopState.rolledBack = true;
    await loop;
    expect(rollback.exitCode, String(rollback.stderr)).toBe(0);
    expect(String(rollback.stdout)).toContain(`Rollback to v2... done, v${current + 1}`);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((answer) => !/^200 (three beta|two alpha)$/.test(answer))).toEqual([]);
    // Heroku's rollback restores the config vars: the env file holds v2's again.
    expect(readFileSync(join(app, '.env'), 'utf8')).toMatch(/^GREETING=alpha$/m);

    const info = await runHdev(['releases:info', `v${current + 1}`], { cwd: app });
    expect(String(info.stdout)).toMatch(/Change: +Rollback to v2/);
    const output = await runHdev(['releases:output', 'v2'], { cwd: app });
    expect(String(output.stdout)).toMatch(/app\[api\]: .*Slug compiled/);

    const history = await releases(app);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();

    // Without hdev start, `hdev releases` reads the same ledger.
    expect(await releases(app)).toEqual(history);
    const again = new HdevProcess(['start', '--no-tui', '-p', String(port)], { cwd: app });
    // The rollback's code runs again: a restart does not deploy the working tree's code.
    await waitForBody(port, /^two alpha$/);
    await again.waitForLine(/Restarting v\d+: nothing changed/);
    expect(await releases(app)).toEqual(history);
    again.signal('SIGTERM');
    await again.waitForExit();
    again.expectNoSurvivors();
  });
});
