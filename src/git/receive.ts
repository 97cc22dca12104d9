// What the app repository's pre-receive hook does with a push: pick the ref to build (Heroku's
// policy, in pushed-refs.ts), check git handed over the commit, run the deploy, and frame its
// lines as Heroku's build output. Whatever it prints reaches the pusher as `remote: ...`; the
// answer decides whether git accepts the push.
import { basename } from 'node:path';
import { HdevError } from '../errors.js';
import type { PushDeploy } from '../releases/push-deploy.js';
import type { GitEnv } from './git-command.js';
import type { DeployBranch, RefUpdate } from './pushed-refs.js';
import { parsePreReceiveInput, planPush } from './pushed-refs.js';

export interface ReceiveRequest {
  readonly appRoot: string;
  /** The bare repository being pushed to. */
  readonly gitDir: string;
  /** What git wrote on the hook's stdin. */
  readonly input: string;
  /** The hook's quarantine variables. */
  readonly gitEnv: GitEnv;
}

export interface ReceiveDeps {
  readonly deploy: PushDeploy;
  readonly commitExists: (gitDir: string, commit: string, gitEnv: GitEnv) => Promise<boolean>;
  /** One line, without its newline. */
  readonly write: (line: string) => void;
}

/**
 * Heroku's line for a push it does not build (a push to `develop`, a tag), in its wording since
 * it builds main as well as master; as quoted from a real push in
 * https://github.com/AkhileshNS/heroku-deploy/pull/199 (before: `Pushed to non-master branch,
 * skipping build.`, https://github.com/CircleCI-Archived/circleci-orbs/pull/80).
 */
export const SKIPPED_BRANCH_LINE = 'Pushed to branch other than [main, master], skipping build.';

const REJECTION = ' !     ';

/** True: git accepts the push (the hook exits 0); false: it declines every ref of it. */
export async function receivePush(request: ReceiveRequest, deps: ReceiveDeps): Promise<boolean> {
  const plan = planPush(parsePreReceiveInput(request.input));
  switch (plan.kind) {
    case 'nothing':
      return true;
    case 'skip':
      deps.write(SKIPPED_BRANCH_LINE);
      return true;
    case 'reject-deletion':
      // Heroku: `remote: !	Push rejected, cannot delete master branch` and git's `[remote
      // rejected] master (pre-receive hook declined)`, as quoted from real pushes in
      // https://github.com/AkhileshNS/heroku-deploy/issues/10. We write it in the ` !     ` style
      // of Heroku's other rejection lines.
      deps.write('');
      deps.write(`${REJECTION}Push rejected, cannot delete ${plan.branch} branch`);
      deps.write('');
      return false;
    case 'deploy':
      return build(request, plan.branch, plan.update, deps);
  }
}

async function build(
  request: ReceiveRequest,
  branch: DeployBranch,
  update: RefUpdate,
  deps: ReceiveDeps,
): Promise<boolean> {
  const { write } = deps;
  write('Building source:');
  write('');
  let ok = false;
  try {
    ok = await deployCommit(request, branch, update, deps);
  } catch (error) {
    if (!(error instanceof HdevError)) {
      writeRejection(request, write);
      throw error; // reported by the CLI's one catch, after the rejection lines
    }
    write(`${REJECTION}${error.message}`);
    if (error.hint !== undefined) write(`${REJECTION}${error.hint}`);
  }
  if (!ok) writeRejection(request, write);
  return ok;
}

async function deployCommit(
  request: ReceiveRequest,
  branch: DeployBranch,
  update: RefUpdate,
  deps: ReceiveDeps,
): Promise<boolean> {
  const { appRoot, gitDir, gitEnv } = request;
  const commit = update.newId;
  if (!(await deps.commitExists(gitDir, commit, gitEnv))) {
    deps.write(`${REJECTION}The pushed commit ${commit} of ${branch} is not in ${gitDir}.`);
    return false;
  }
  const result = await deps.deploy(
    { appRoot, gitDir, commit, ref: update.ref, gitEnv },
    deps.write,
  );
  return result.ok;
}

/** Heroku's last lines for a failed build: `remote:  !     Push rejected to APP.` */
function writeRejection(request: ReceiveRequest, write: (line: string) => void): void {
  write('');
  write(`${REJECTION}Push rejected to ${basename(request.appRoot)}.`);
  write('');
}
