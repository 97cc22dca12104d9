// What the pusher reads and whether git accepts the push, with a fake deploy and object store.
import { describe, expect, it } from 'vitest';
import { HdevError } from '../../../src/errors.js';
import type { ReceiveDeps, ReceiveRequest } from '../../../src/git/receive.js';
import { receivePush, SKIPPED_BRANCH_LINE } from '../../../src/git/receive.js';
import type { PushDeploy, PushDeployRequest } from '../../../src/releases/push-deploy.js';

const ZERO = '0'.repeat(40);
const OLD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);
const QUARANTINE = { GIT_QUARANTINE_PATH: '/repo.git/objects/incoming-x' };

function request(input: string): ReceiveRequest {
  return { appRoot: '/apps/shiny-app', gitDir: '/data/repo.git', input, gitEnv: QUARANTINE };
}

interface Run {
  readonly accepted: boolean;
  readonly lines: string[];
  readonly deployed: PushDeployRequest[];
}

async function receive(
  input: string,
  deploy: PushDeploy,
  commitExists: ReceiveDeps['commitExists'] = () => Promise.resolve(true),
): Promise<Run> {
  const lines: string[] = [];
  const deployed: PushDeployRequest[] = [];
  const accepted = await receivePush(request(input), {
    deploy: (deployRequest, write) => {
      deployed.push(deployRequest);
      return deploy(deployRequest, write);
    },
    commitExists,
    write: (line) => lines.push(line),
  });
  return { accepted, lines, deployed };
}

const succeeding: PushDeploy = (_request, write) => {
  write('-----> Launching...');
  write('       Released v2');
  return Promise.resolve({ ok: true, version: 2 });
};
const failing: PushDeploy = (_request, write) => {
  write(' !     Build failed');
  return Promise.resolve({ ok: false });
};

describe('receivePush', () => {
  it('deploys the commit pushed to main with the hook’s quarantine, and accepts the push', async () => {
    const run = await receive(`${OLD} ${NEW} refs/heads/main\n`, succeeding);
    expect(run).toEqual({
      accepted: true,
      lines: ['Building source:', '', '-----> Launching...', '       Released v2'],
      deployed: [
        {
          appRoot: '/apps/shiny-app',
          gitDir: '/data/repo.git',
          commit: NEW,
          ref: 'refs/heads/main',
          gitEnv: QUARANTINE,
        },
      ],
    });
  });

  it('rejects the push when the deploy fails, with Heroku’s last line', async () => {
    const run = await receive(`${OLD} ${NEW} refs/heads/master\n`, failing);
    expect(run.accepted).toBe(false);
    expect(run.lines).toEqual([
      'Building source:',
      '',
      ' !     Build failed',
      '',
      ' !     Push rejected to shiny-app.',
      '',
    ]);
  });

  it('builds only main when a push updates several refs', async () => {
    const run = await receive(
      `${OLD} ${NEW} refs/heads/feature\n${ZERO} ${OLD} refs/heads/main\n`,
      succeeding,
    );
    expect(run.deployed.map((deployed) => [deployed.ref, deployed.commit])).toEqual([
      ['refs/heads/main', OLD],
    ]);
  });

  it('accepts a push to another branch without building it', async () => {
    const run = await receive(`${OLD} ${NEW} refs/heads/feature\n`, succeeding);
    expect(run).toEqual({ accepted: true, lines: [SKIPPED_BRANCH_LINE], deployed: [] });
  });

  it('accepts the deletion of another branch silently', async () => {
    const run = await receive(`${OLD} ${ZERO} refs/heads/feature\n`, succeeding);
    expect(run).toEqual({ accepted: true, lines: [], deployed: [] });
  });

  it('refuses to delete main, as Heroku refuses', async () => {
    const run = await receive(`${OLD} ${ZERO} refs/heads/main\n`, succeeding);
    expect(run.accepted).toBe(false);
    expect(run.deployed).toEqual([]);
    expect(run.lines).toContain(' !     Push rejected, cannot delete main branch');
  });

  it('rejects a commit git did not hand over, without deploying', async () => {
    const asked: unknown[] = [];
    const run = await receive(`${OLD} ${NEW} refs/heads/main\n`, succeeding, (...args) => {
      asked.push(args);
      return Promise.resolve(false);
    });
    expect(asked).toEqual([['/data/repo.git', NEW, QUARANTINE]]);
    expect(run.accepted).toBe(false);
    expect(run.deployed).toEqual([]);
    expect(run.lines).toContain(
      ` !     The pushed commit ${NEW} of main is not in /data/repo.git.`,
    );
    expect(run.lines.at(-2)).toBe(' !     Push rejected to shiny-app.');
  });

  it('shows a deploy’s HdevError and its hint as rejection lines', async () => {
    const run = await receive(`${OLD} ${NEW} refs/heads/main\n`, () =>
      Promise.reject(new HdevError('Procfile line 2 is bad', { hint: 'fix it' })),
    );
    expect(run.accepted).toBe(false);
    expect(run.lines).toEqual([
      'Building source:',
      '',
      ' !     Procfile line 2 is bad',
      ' !     fix it',
      '',
      ' !     Push rejected to shiny-app.',
      '',
    ]);
  });

  it('rethrows an unexpected error after the rejection lines', async () => {
    const lines: string[] = [];
    await expect(
      receivePush(request(`${OLD} ${NEW} refs/heads/main\n`), {
        deploy: () => Promise.reject(new Error('boom')),
        commitExists: () => Promise.resolve(true),
        write: (line) => lines.push(line),
      }),
    ).rejects.toThrow('boom');
    expect(lines).toContain(' !     Push rejected to shiny-app.');
  });
});
