// The supervisor's scenarios with fake processes, clock and ports: each test scripts what the
// processes do and compares the history of starts, signals and state changes with Heroku's.
import { describe, expect, it } from 'vitest';
import type { ReleaseContent } from '../../../src/supervisor/supervisor.js';
import { scenario, type } from '../../helpers/supervisor-scenario.js';

const WEB = type('web', 'node server.js');
const WORKER = type('worker', 'node worker.js');

/** Release v2 of the same types with new commands (a code deploy). */
const v2: ReleaseContent = {
  version: 2,
  processTypes: [type('web', 'node server2.js'), type('worker', 'node worker2.js')],
  configVars: {},
};

async function running(options: Parameters<typeof scenario>[0]) {
  const run = scenario(options);
  const started = await run.deployer.start();
  expect(started).toEqual({ ok: true });
  await run.settle();
  run.history.length = 0;
  return run;
}

describe('Supervisor scenarios: scale', () => {
  it('boots new dynos lowest number first and stops surplus ones highest first', async () => {
    const run = await running({ types: [WEB], formation: new Map([['web', 1]]) });
    await run.supervisor.scale([{ type: 'web', op: '=', amount: 3 }]);
    await run.settle();
    expect(run.only(/^start/)).toEqual(['start web.2 :5001', 'start web.3 :5002']);
    expect(run.supervisor.view().map((dyno) => `${dyno.name} ${dyno.state}`)).toEqual([
      'web.1 up',
      'web.2 up',
      'web.3 up',
    ]);
    run.history.length = 0;
    await run.supervisor.scale([{ type: 'web', op: '-', amount: 2 }]);
    expect(run.only(/^TERM|^removed/)).toEqual([
      'TERM web.3 :5002',
      'TERM web.2 :5001',
      'removed web.3',
      'removed web.2',
    ]);
    expect(run.supervisor.view().map((dyno) => dyno.name)).toEqual(['web.1']);
    expect(run.supervisor.formation).toEqual(new Map([['web', 1]]));
  });

  it('skips a port something else listens on', async () => {
    const run = await running({ types: [WEB, WORKER], formation: new Map([['web', 1]]) });
    run.ports.busy.add(5101);
    await run.supervisor.scale([{ type: 'worker', op: '+', amount: 2 }]);
    await run.settle();
    expect(run.only(/^start/)).toEqual(['start worker.1 :5100', 'start worker.2 :5102']);
  });

  it('refuses an unknown type and leaves the formation as it was', async () => {
    const run = await running({ types: [WEB], formation: new Map([['web', 1]]) });
    await expect(run.supervisor.scale([{ type: 'wrker', op: '=', amount: 1 }])).rejects.toThrow(
      /Couldn't find that process type/,
    );
    expect(run.supervisor.formation).toEqual(new Map([['web', 1]]));
    expect(run.history).toEqual([]);
  });
});

describe('Supervisor scenarios: preboot', () => {
  it('boots the new web.1 beside the old one and stops the old one only once the new is up', async () => {
    const run = await running({
      types: [WEB, WORKER],
      formation: new Map([
        ['web', 1],
        ['worker', 1],
      ]),
      bindAtOnce: false,
    });
    run.ports.bind(5000);
    await run.settle();
    run.history.length = 0;
    const rollout = run.supervisor.rollout(v2, { preboot: true });
    await run.settle(10_000);
    // The new web.1 boots on the next port; the old one keeps serving meanwhile.
    expect(run.only(/web/)).toEqual(['web.1 down->starting', 'start web.1 :5001']);
    run.ports.bind(5001);
    await run.settle();
    expect(await rollout).toEqual({ ok: true });
    expect(run.only(/web/)).toEqual([
      'web.1 down->starting',
      'start web.1 :5001',
      'web.1 starting->up',
      'web.1 up->stopping',
      'TERM web.1 :5000',
      'web.1 stopping->down',
    ]);
    // Other dynos restart on the new release.
    expect(run.only(/worker/)).toEqual([
      'worker.1 up->stopping',
      'TERM worker.1 :5100',
      'worker.1 stopping->down',
      'worker.1 down->starting',
      'start worker.1 :5100',
      'worker.1 starting->up',
    ]);
    expect(
      run.supervisor.view().map((dyno) => `${dyno.name} :${dyno.port} v${dyno.release}`),
    ).toEqual(['web.1 :5001 v2', 'worker.1 :5100 v2']);
  });

  it('a new web dyno that crashes at boot leaves the old one serving and the release unchanged', async () => {
    const run = await running({
      types: [WEB, WORKER],
      formation: new Map([['web', 1]]),
      bindAtOnce: false,
    });
    run.ports.bind(5000);
    await run.settle();
    run.history.length = 0;
    const rollout = run.supervisor.rollout(v2, { preboot: true });
    await run.settle();
    run.processes.children.find((child) => child.request.env.PORT === '5001')?.exit(1);
    await run.settle();
    expect(await rollout).toEqual({ ok: false, failure: 'web.1 crashed during boot' });
    expect(run.only(/:5000/)).toEqual([]); // never signalled nor restarted
    expect(run.only(/:5001/)).toEqual([
      'start web.1 :5001',
      'start web.1 :5001', // the dyno manager's immediate restart after the crash
      'TERM web.1 :5001', // the failed rollout stops it
    ]);
    expect(run.supervisor.view().map((dyno) => `${dyno.name} :${dyno.port} ${dyno.state}`)).toEqual(
      ['web.1 :5000 up'],
    );
    expect(run.supervisor.release).toBe(1);
    expect(run.child('web.1')?.request.command).toBe('node server.js');
  });

  it('a new web dyno that never binds its PORT fails the rollout after the boot timeout (R10)', async () => {
    const run = await running({
      types: [WEB],
      formation: new Map([['web', 1]]),
      bindAtOnce: false,
    });
    run.ports.bind(5000);
    await run.settle();
    const rollout = run.supervisor.rollout(v2, { preboot: true });
    await run.settle(59_000);
    expect(run.only(/TERM|KILL/)).toEqual([]);
    await run.settle(2_000);
    expect(await rollout).toEqual({
      ok: false,
      failure: 'web.1 did not bind $PORT within 60 seconds of launch (R10)',
    });
    expect(run.supervisor.view().map((dyno) => `${dyno.name} :${dyno.port}`)).toEqual([
      'web.1 :5000',
    ]);
  });
});

describe('Supervisor scenarios: restart and stop', () => {
  it('restart: Restarting, SIGTERM, then the same dyno boots again on its port', async () => {
    const run = await running({
      types: [WEB, WORKER],
      formation: new Map([
        ['web', 1],
        ['worker', 1],
      ]),
    });
    expect(await run.supervisor.restart('web')).toEqual(['web.1']);
    await run.settle();
    expect(run.history).toEqual([
      'web.1 up->stopping',
      'TERM web.1 :5000',
      'web.1 stopping->down',
      'web.1 down->starting',
      'start web.1 :5000',
      'web.1 starting->up',
    ]);
  });

  it('stop: the dyno stays down, even long after, until restarted', async () => {
    const run = await running({
      types: [WEB, WORKER],
      formation: new Map([
        ['web', 1],
        ['worker', 1],
      ]),
    });
    expect(await run.supervisor.stop('worker.1')).toEqual(['worker.1']);
    await run.settle(3_600_000);
    expect(run.history).toEqual([
      'worker.1 up->stopping',
      'TERM worker.1 :5100',
      'worker.1 stopping->down',
    ]);
    await run.supervisor.restart('worker.1');
    await run.settle();
    expect(run.only(/^start/)).toEqual(['start worker.1 :5100']);
  });

  it('a crashed dyno restarts at once, then after a cool-off', async () => {
    const run = await running({ types: [WORKER], formation: new Map([['worker', 1]]) });
    run.child('worker.1')?.exit(1);
    await run.settle();
    run.child('worker.1')?.exit(1);
    await run.settle();
    expect(run.only(/^start/)).toHaveLength(1);
    await run.settle(2_000);
    expect(run.only(/^start/)).toHaveLength(2);
  });
});
