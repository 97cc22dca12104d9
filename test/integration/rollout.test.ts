// A deploy whose new web dynos crash at boot must not take the running release down: the old
// dynos keep answering through the router until new ones are up, and a later fix deploys.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev } from '../helpers/hdev.js';
import { get } from '../helpers/http.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

function webCode(version: string, crash = false): string {
  return [
    "import { createServer } from 'node:http';",
    ...(crash ? ["throw new Error('boom at boot');"] : []),
    `const server = createServer((req, res) => res.end('${version}\\n'));`,
    'server.listen(Number(process.env.PORT));',
    "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
    '',
  ].join('\n');
}

interface ReleaseEntry {
  version: number;
  status: string;
  failure?: string;
}

async function release(app: string, version: number): Promise<ReleaseEntry | undefined> {
  const result = await runHdev(['releases', '--json'], { cwd: app });
  const all = JSON.parse(String(result.stdout) || '[]') as ReleaseEntry[];
  return all.find((entry) => entry.version === version && entry.status !== 'pending');
}

describe('rollout with preboot', () => {
  it('keeps the old web dyno serving when the new one crashes at boot, then deploys a fix', async () => {
    const app = makeApp({ Procfile: 'web: node web.mjs\n', 'web.mjs': webCode('one') });
    const port = await freeBasePort();
    const hdev = new HdevProcess(['start', '-p', String(port)], { cwd: app });
    await hdev.waitForLine(/web\.1 +\| State changed from starting to up/);
    await waitFor(async () => ((await get(port, '/')).status === 200 ? true : undefined), {
      timeoutMs: 15_000,
      describe: () => 'the first answer',
    });

    // A request loop through the router for the whole failed deploy (bounded in count and time).
    const answers: string[] = [];
    let settled: ReleaseEntry | undefined;
    writeFileSync(join(app, 'web.mjs'), webCode('two', true));
    const deadline = Date.now() + 30_000;
    let afterFailure = 0;
    while (answers.length < 3000 && Date.now() < deadline && afterFailure < 20) {
      const reply = await get(port, '/');
      answers.push(`${reply.status} ${reply.body.trim()}`);
      if (settled === undefined && answers.length % 10 === 0) settled = await release(app, 2);
      if (settled !== undefined) afterFailure++;
    }
    expect(settled).toMatchObject({ status: 'failed', failure: 'web.1 crashed during boot' });
    expect(answers.filter((answer) => answer !== '200 one')).toEqual([]);
    await hdev.waitForLine(
      /api +\| Release v2 failed: web\.1 crashed during boot; v1 keeps serving/,
    );
    expect(hdev.stdout).toMatch(/web\.1 +\| Error: boom at boot/);

    writeFileSync(join(app, 'web.mjs'), webCode('three'));
    const third = await waitFor(() => release(app, 3), {
      timeoutMs: 30_000,
      describe: () => 'release v3',
    });
    expect(third.status).toBe('succeeded');
    expect((await get(port, '/')).body.trim()).toBe('three');
    expect(String((await runHdev(['releases'], { cwd: app })).stdout)).toMatch(
      /Current: v3\n.*\nv2 .*failed .*web\.1 crashed during boot/,
    );
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  });
});
