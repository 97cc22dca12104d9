// What a `git push hdev main` does once git has the commit: with `hdev start` running, it asks it
// to build and release the commit and streams the build to the pusher; without one, it builds the
// slug here and records the release, which the next `hdev start` puts live (release phase first).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadApp } from '../config/load-app.js';
import { buildDynoEnv } from '../domain/dyno-env.js';
import type { Release } from '../domain/release.js';
import { commitDeployDescription, currentRelease } from '../domain/release.js';
import { HdevError } from '../errors.js';
import type { PushDeploy, PushDeployRequest, PushDeployResult } from '../releases/push-deploy.js';
import { buildSlug } from '../releases/slug-build.js';
import { releaseLedger, slugProcessTypes, slugStore } from './release-storage.js';
import { request } from './socket-clients/request.js';

type Write = (line: string) => void;

/** git's environment for the hook, as strings: what the running start needs to read the commit. */
function gitEnvOf(env: PushDeployRequest['gitEnv']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[0].startsWith('GIT_') && entry[1] !== undefined,
    ),
  );
}

/** Heroku's build output shape: `-----> ` for the platform's steps, 7 spaces for the build's own. */
function pushLine(dyno: string, line: string): string {
  return dyno === 'api' ? `-----> ${line}` : `       ${line}`;
}

export const deployPushedCommit: PushDeploy = async (push, write) => {
  try {
    const result = (await request(
      { appDir: push.appRoot },
      {
        command: 'deploy-commit',
        gitDir: push.gitDir,
        commit: push.commit,
        gitEnv: gitEnvOf(push.gitEnv),
      },
      {
        onLog: (entries) => {
          // The build's and release phase's own output; their dynos' state lines are noise here.
          for (const entry of entries)
            if (entry.source === 'app') write(pushLine(entry.dyno, entry.line));
        },
      },
    )) as { release: Release };
    return released(result.release, write);
  } catch (error) {
    if (!(error instanceof HdevError) || error.code !== 'no-hdev-start') throw error;
    return buildWithoutStart(push, write);
  }
};

function released(release: Release, write: Write): PushDeployResult {
  if (release.status !== 'succeeded') {
    write(` !     v${release.version} failed: ${release.failure ?? release.status}`);
    return { ok: false, version: release.version };
  }
  write(`       Released v${release.version}`);
  return { ok: true, version: release.version };
}

/** No `hdev start` runs: the slug is built now; the release waits for the next start. */
async function buildWithoutStart(push: PushDeployRequest, write: Write): Promise<PushDeployResult> {
  const env = process.env;
  const ledger = releaseLedger(push.appRoot, env);
  const store = slugStore(push.appRoot, env);
  const current = currentRelease(ledger.read());
  const previous = current?.slug === undefined ? undefined : store.get(current.slug.id);
  const configVars = loadApp({ appDir: push.appRoot, procfileOptional: true }, env).configVars
    .values;
  const base = {
    description: commitDeployDescription(push.commit),
    commit: push.commit,
    configVars,
    createdAt: Date.now(),
  };
  // Numbered now, under the ledger's lock: two pushes at once get two versions.
  const { version } = ledger.add((next) => ({ ...base, version: next, status: 'pending' }));
  const output = (line: string): void => {
    write(line);
    ledger.appendOutput(version, `${line}\n`);
  };
  output(`-----> Building ${push.commit.slice(0, 7)} (hdev start is not running)`);
  const built = await buildSlug(
    {
      store,
      buildFlag: undefined,
      env: { ...env, ...configVars },
      run: (command, dir, note) => {
        if (note !== undefined) output(`-----> ${note}: ${command}`);
        return runBuildCommand(
          command,
          dir,
          buildDynoEnv(env, configVars, { dyno: 'build', port: 0 }),
          output,
        );
      },
      say: (line) => output(`-----> ${line}`),
    },
    {
      source: { kind: 'commit', gitDir: push.gitDir, commit: push.commit, gitEnv: push.gitEnv },
      previous,
      dependenciesFrom: previous?.dir ?? push.appRoot,
      installInSlug: true,
      force: true,
    },
  );
  if (built.kind !== 'built') {
    const failure = built.kind === 'failed' ? built.failure : 'the build made no slug';
    ledger.put({ ...base, version, status: 'failed', failure });
    write(` !     Build failed: ${failure}`);
    return { ok: false, version };
  }
  ledger.put({
    ...base,
    version,
    status: 'pending',
    slug: { id: built.slug.id, sizeBytes: built.slug.sizeBytes },
    processTypes: slugProcessTypes(built.slug.dir, env),
  });
  output(`-----> v${version} is built; \`hdev start\` releases it (release phase, then dynos)`);
  return { ok: true, version };
}

/** One build command in the slug, its output streamed line by line to the pusher. */
function runBuildCommand(
  command: string,
  dir: string,
  env: Record<string, string>,
  output: (line: string) => void,
): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn('bash', ['-c', command], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => output(`       ${line}`));
    }
    child.once('error', (error) => {
      output(`       ${error.message}`);
      resolvePromise(127);
    });
    child.once('close', (code, signal) => resolvePromise(code ?? (signal === null ? 1 : 128)));
  });
}
