// Releases with slugs: each code release runs from its own slug, a rollback goes back to an older
// slug and its config vars, a failed pushed build leaves the running release alone, and the
// history outlives the deployer. Fake processes, clock, ports and slug store; a real ledger file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppSpec } from '../../../src/domain/app-spec.js';
import { ReleaseLedger } from '../../../src/releases/ledger.js';
import { FakeSlugStore } from '../../helpers/fake-slug-store.js';
import { appSpec, scenario, type } from '../../helpers/supervisor-scenario.js';

const WEB = type('web', 'node server.js');
const RELEASE = type('release', 'node migrate.js');

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function ledgerFile(): ReleaseLedger {
  const dir = mkdtempSync(join(tmpdir(), 'hdev-ledger-'));
  scratch.push(dir);
  return new ReleaseLedger(join(dir, 'releases.json'));
}

function withConfig(app: AppSpec, values: Record<string, string>): AppSpec {
  return { ...app, configVars: { values, origins: {} } };
}

function slugRun(
  options: {
    ledger?: ReleaseLedger;
    store?: FakeSlugStore;
    types?: (typeof WEB)[];
    keepSlugs?: number;
  } = {},
) {
  const types = options.types ?? [WEB];
  const app = { current: withConfig(appSpec(types), { GREETING: 'one' }) };
  const store = options.store ?? new FakeSlugStore();
  const restored: Record<string, string>[] = [];
  const run = scenario({
    types,
    formation: new Map([['web', 1]]),
    app: app.current,
    deployer: {
      loadApp: () => app.current,
      slugs: store,
      ledger: options.ledger ?? ledgerFile(),
      keepSlugs: options.keepSlugs ?? 5,
      loadProcessTypes: () => types,
      restoreConfigVars: (values) => restored.push({ ...values }),
    },
  });
  /** The working directory and GREETING of the running web.1. */
  const web = () => {
    const child = run.child('web.1');
    return { cwd: child?.request.cwd, greeting: child?.request.env.GREETING };
  };
  return { ...run, app, store, restored, web };
}

describe('releases with slugs', () => {
  it('runs each release from its own slug and rolls back to an older one, config vars included', async () => {
    const run = slugRun();
    expect(await run.deployer.start()).toEqual({ ok: true });
    await run.settle();
    expect(run.web()).toEqual({ cwd: '/slugs/s1', greeting: 'one' });
    expect(run.deployer.output(1)).toMatch(/^app\[api\]: Build started\napp\[api\]: Slug compiled/);

    run.app.current = withConfig(run.app.current, { GREETING: 'two' });
    await run.deployer.deploy(new Set(['/app/server.js']));
    await run.settle();
    expect(run.web()).toEqual({ cwd: '/slugs/s2', greeting: 'two' });

    const rollback = await run.deployer.rollback(1);
    await run.settle();
    expect(rollback).toMatchObject({
      version: 3,
      description: 'Rollback to v1',
      status: 'succeeded',
      rollbackOf: 1,
    });
    expect(rollback).not.toHaveProperty('configVars');
    expect(run.web()).toEqual({ cwd: '/slugs/s1', greeting: 'one' });
    expect(run.restored).toEqual([{ GREETING: 'one' }]);
    expect(run.deployer.configVars).toEqual({ GREETING: 'one' });
  });

  it('rolls back to the release before the current one by default, and refuses what it cannot', async () => {
    const run = slugRun();
    await run.deployer.start();
    await run.deployer.deploy(new Set(['/app/server.js']));
    await run.settle();
    expect(await run.deployer.rollback(undefined)).toMatchObject({ description: 'Rollback to v1' });
    await expect(run.deployer.rollback(9)).rejects.toThrow(/no release v9/);
  });

  it('a config change keeps the running slug; an unchanged save makes no release', async () => {
    const run = slugRun();
    await run.deployer.start();
    await run.settle();
    run.app.current = withConfig(run.app.current, { GREETING: 'config' });
    const config = await run.deployer.deploy(new Set(['/app/.env']));
    expect(config).toMatchObject({ kind: 'released', release: { slug: { id: 's1' } } });
    run.store.changedFiles = [];
    expect(await run.deployer.deploy(new Set(['/app/notes.txt']))).toEqual({ kind: 'unchanged' });
  });

  it('a pushed commit whose build fails is a failed release; the running one keeps serving', async () => {
    const run = slugRun({ types: [WEB, RELEASE] });
    const started = run.deployer.start();
    await run.settle();
    run.processes.children[0]?.exit(0); // v1's release phase
    await started;
    await run.settle();
    const before = run.child('web.1');
    const pushed = run.deployer.deployCommit({
      kind: 'commit',
      gitDir: '/repo.git',
      commit: 'a'.repeat(40),
    });
    await run.settle();
    const releasePhase = run.processes.children.at(-1);
    expect(releasePhase?.request.env.DYNO).toMatch(/^release\./);
    expect(releasePhase?.request.cwd).toBe('/slugs/s2');
    releasePhase?.exit(1);
    expect(await pushed).toMatchObject({
      version: 2,
      description: 'Deploy aaaaaaa',
      status: 'failed',
      commit: 'a'.repeat(40),
      failure: 'release command exited with status 1',
    });
    expect(run.child('web.1')).toBe(before);
    expect(before?.alive).toBe(true);
  });

  it('keeps the history across runs, and restarts an unchanged release without a new one', async () => {
    const ledger = ledgerFile();
    const store = new FakeSlugStore();
    const first = slugRun({ ledger, store });
    await first.deployer.start();
    await first.settle();
    await first.supervisor.shutdown();

    store.changedFiles = [];
    const second = slugRun({ ledger, store });
    expect(await second.deployer.start()).toEqual({ ok: true });
    await second.settle();
    expect(second.deployer.releases()).toMatchObject([{ version: 1, status: 'succeeded' }]);
    expect(second.web().cwd).toBe('/slugs/s1');

    store.changedFiles = ['server.js'];
    const third = slugRun({ ledger, store });
    await third.deployer.start();
    expect(third.deployer.releases()).toMatchObject([
      { version: 1 },
      { version: 2, description: 'Deploy (1 file changed)', status: 'succeeded' },
    ]);
  });

  it('marks a release whose hdev died while it was pending as failed', () => {
    const ledger = ledgerFile();
    ledger.put({
      version: 1,
      description: 'Initial release',
      status: 'pending',
      createdAt: 1,
      configVars: {},
    });
    const run = slugRun({ ledger });
    expect(run.deployer.releases()).toMatchObject([
      { version: 1, status: 'failed', failure: 'hdev stopped before the release went live' },
    ]);
  });

  it('puts a push recorded without hdev start live at the next start', async () => {
    const ledger = ledgerFile();
    const store = new FakeSlugStore();
    const slug = await store.seal({
      id: 'pushed',
      dir: '',
      changedFiles: [],
      removedFiles: [],
      warnings: [],
    });
    ledger.put({
      version: 4,
      description: 'Deploy bbbbbbb',
      status: 'pending',
      createdAt: 1,
      configVars: {},
      commit: 'b'.repeat(40),
      slug: { id: slug.id, sizeBytes: slug.sizeBytes },
    });
    const run = slugRun({ ledger, store });
    expect(await run.deployer.start()).toEqual({ ok: true });
    await run.settle();
    expect(run.web()).toEqual({ cwd: '/slugs/pushed', greeting: 'one' });
    expect(run.deployer.releases()).toMatchObject([{ version: 4, status: 'succeeded' }]);
  });

  it('prunes old slugs, never the current one, and their releases expire', async () => {
    const run = slugRun({ keepSlugs: 1 });
    await run.deployer.start();
    for (let deploy = 0; deploy < 3; deploy++) {
      await run.deployer.deploy(new Set(['/app/server.js']));
      await run.settle();
    }
    expect(run.store.pruned).toEqual(['s1', 's2']);
    expect(run.deployer.releases().map((release) => release.status)).toEqual([
      'expired',
      'expired',
      'succeeded',
      'succeeded',
    ]);
    expect(run.web().cwd).toBe('/slugs/s4');
    await expect(run.deployer.rollback(1)).rejects.toThrow(/expired/);
    expect(await run.deployer.rollback(undefined)).toMatchObject({ description: 'Rollback to v3' });
  });

  it('names the files the dynos wrote into their slug once, at the next build', async () => {
    const run = slugRun();
    const api: string[] = [];
    run.bus.subscribe((batch) => {
      if (batch.dyno === 'api') api.push(batch.data.toString().trim());
    });
    await run.deployer.start();
    run.store.written.set('s1', ['db.sqlite3']);
    await run.deployer.deploy(new Set(['/app/server.js']));
    run.store.written.set('s2', ['db.sqlite3']);
    await run.deployer.deploy(new Set(['/app/server.js']));
    expect(api.filter((line) => line.includes('db.sqlite3'))).toEqual([
      expect.stringMatching(
        /^The dynos wrote db\.sqlite3 into their slug: a new release starts without it/,
      ),
    ]);
  });

  it('a slug that cannot be made is a failed release, and the running one keeps serving', async () => {
    const run = slugRun();
    await run.deployer.start();
    await run.settle();
    const before = run.child('web.1');
    run.store.failNextStage = new Error('ENOSPC: no space left on device');
    const outcome = await run.deployer.deploy(new Set(['/app/server.js']));
    expect(outcome).toMatchObject({
      kind: 'released',
      release: {
        version: 2,
        status: 'failed',
        failure: 'the slug could not be made: ENOSPC: no space left on device',
      },
    });
    expect(run.child('web.1')).toBe(before);
    expect(before?.alive).toBe(true);
  });
});
