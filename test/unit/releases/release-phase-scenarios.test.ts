// The release phase has one owner, the deployer: v1 builds, runs `release`, then boots the
// formation as it is by then. Scenarios with fake processes, clock and ports.
import { describe, expect, it } from 'vitest';
import { webDynosExpected } from '../../../src/cli/start-router.js';
import { chooseDyno } from '../../../src/router/routing-decision.js';
import { scenario, type } from '../../helpers/supervisor-scenario.js';

const WEB = type('web', 'node server.js');
const WORKER = type('worker', 'node worker.js');
const RELEASE = type('release', 'node migrate.js');

function withRelease(formation: Record<string, number> = { web: 1, worker: 1 }) {
  const run = scenario({
    types: [WEB, WORKER, RELEASE],
    formation: new Map(Object.entries(formation)),
  });
  const started = run.deployer.start();
  return { ...run, started };
}

/** What the router answers a request that finds no web dyno up right now. */
function routerDecision(run: ReturnType<typeof withRelease>) {
  const webDynos = run.supervisor
    .view()
    .filter((dyno) => dyno.type === 'web')
    .map((dyno) => ({ ...dyno, host: '127.0.0.1', draining: false }));
  return chooseDyno(webDynos, new Set(), () => 0, webDynosExpected(run.supervisor)).kind === 'error'
    ? 'H14'
    : 'wait';
}

describe('release phase scenarios', () => {
  it('runs release.N first, then boots the formation once it succeeds', async () => {
    const run = withRelease();
    await run.settle();
    expect(run.only(/^start/)).toEqual([expect.stringMatching(/^start release\.\d{4} :5000$/)]);
    run.processes.children[0]?.exit(0);
    expect(await run.started).toEqual({ ok: true });
    await run.settle();
    expect(run.only(/^start/).slice(1)).toEqual(['start web.1 :5000', 'start worker.1 :5100']);
    expect(run.deployer.releases()).toMatchObject([{ version: 1, status: 'succeeded' }]);
  });

  it('a shutdown during the release phase stops the release process and starts no dyno', async () => {
    const run = withRelease();
    await run.settle();
    const release = run.processes.children[0];
    expect(release?.request.env.DYNO).toMatch(/^release\.\d{4}$/);
    const shutdown = run.supervisor.shutdown();
    await run.settle();
    await shutdown;
    expect(await run.started).toEqual({ ok: false, reason: 'shutdown' });
    await run.settle(60_000);
    expect(run.only(/^start|^TERM|^KILL/)).toEqual([
      `start ${release?.request.env.DYNO} :5000`,
      `TERM ${release?.request.env.DYNO} :5000`,
    ]);
    expect(run.supervisor.view()).toEqual([]);
  });

  it('a scale during the release phase is the formation that boots after it', async () => {
    const run = withRelease();
    await run.settle();
    const formation = await run.supervisor.scale([
      { type: 'web', op: '=', amount: 2 },
      { type: 'worker', op: '=', amount: 0 },
    ]);
    expect(formation).toEqual(
      new Map([
        ['web', 2],
        ['worker', 0],
      ]),
    );
    await run.settle();
    expect(run.only(/^start/)).toHaveLength(1); // still only the release process
    expect(routerDecision(run)).toBe('wait'); // web dynos are coming: hold the request
    run.processes.children[0]?.exit(0);
    expect(await run.started).toEqual({ ok: true });
    await run.settle();
    expect(run.only(/^start/).slice(1)).toEqual(['start web.1 :5000', 'start web.2 :5001']);
  });

  it('web=0 during the release phase: the router answers H14 at once, and no web dyno boots', async () => {
    const run = withRelease();
    await run.settle();
    expect(routerDecision(run)).toBe('wait');
    await run.supervisor.scale([{ type: 'web', op: '=', amount: 0 }]);
    expect(routerDecision(run)).toBe('H14');
    run.processes.children[0]?.exit(0);
    expect(await run.started).toEqual({ ok: true });
    await run.settle();
    expect(run.only(/^start/).slice(1)).toEqual(['start worker.1 :5100']);
    expect(routerDecision(run)).toBe('H14');
  });

  it('a failing release phase starts no dyno and fails v1', async () => {
    const run = withRelease();
    await run.settle();
    run.processes.children[0]?.exit(3);
    expect(await run.started).toEqual({ ok: false, reason: 'release-failed', status: 3 });
    await run.settle();
    expect(run.only(/^start/)).toHaveLength(1);
    expect(run.deployer.releases()).toMatchObject([
      { version: 1, status: 'failed', failure: 'release command exited with status 3' },
    ]);
  });
});
