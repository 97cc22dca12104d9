// What a push to the app's hdev remote asks for: the lines git hands its pre-receive hook on
// stdin (`<old-id> SP <new-id> SP <ref>`, one per updated ref; githooks(5)) and the policy that
// picks what to build from them, Heroku's: only a push to `main` or `master` is built.
import { HdevError } from '../errors.js';

export interface RefUpdate {
  /** All zeros when the push creates the ref. */
  readonly oldId: string;
  /** All zeros when the push deletes the ref. */
  readonly newId: string;
  /** `refs/heads/main`, `refs/tags/v1`. */
  readonly ref: string;
}

/** The branches Heroku builds a push to. */
export type DeployBranch = 'main' | 'master';

export type PushPlan =
  /** Build and release the commit pushed to main or master. */
  | { readonly kind: 'deploy'; readonly branch: DeployBranch; readonly update: RefUpdate }
  /** The push deletes main or master: Heroku rejects it. */
  | { readonly kind: 'reject-deletion'; readonly branch: DeployBranch }
  /** Only other branches or tags were pushed: accepted, not built. */
  | { readonly kind: 'skip' }
  /** Only deletions of other refs (or nothing at all): accepted silently. */
  | { readonly kind: 'nothing' };

// SHA-1 ids are 40 hex digits, SHA-256 ones 64.
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const ZERO_ID = /^0+$/;

export function parsePreReceiveInput(text: string): RefUpdate[] {
  return text
    .split('\n')
    .map((line, index) => ({ line: line.replace(/\r$/, ''), number: index + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, number }) => parseLine(line, number));
}

function parseLine(line: string, number: number): RefUpdate {
  const [oldId, newId, ref, ...rest] = line.split(' ');
  if (
    oldId === undefined ||
    newId === undefined ||
    ref === undefined ||
    rest.length > 0 ||
    !OBJECT_ID.test(oldId) ||
    !OBJECT_ID.test(newId) ||
    !ref.startsWith('refs/')
  ) {
    throw new HdevError(
      `pre-receive input line ${number} is not "<old-id> <new-id> <ref>": ${line}`,
      {
        hint: 'hdev git:receive is run by the pre-receive hook of the app’s hdev repository, which git feeds these lines.',
      },
    );
  }
  return { oldId, newId, ref };
}

export const isDeletion = (update: RefUpdate): boolean => ZERO_ID.test(update.newId);

function deployBranchOf(update: RefUpdate): DeployBranch | undefined {
  if (update.ref === 'refs/heads/main') return 'main';
  if (update.ref === 'refs/heads/master') return 'master';
  return undefined;
}

/**
 * Heroku builds only pushes to main or master (`remote: Pushed to branch other than [main,
 * master], skipping build.` otherwise) and refuses to delete them (`Push rejected, cannot delete
 * master branch`). A push of both main and master builds main: Heroku documents no choice there.
 */
export function planPush(updates: readonly RefUpdate[]): PushPlan {
  const deployable = updates.flatMap((update) => {
    const branch = deployBranchOf(update);
    return branch === undefined ? [] : [{ branch, update }];
  });
  const deleted = deployable.find(({ update }) => isDeletion(update));
  if (deleted !== undefined) return { kind: 'reject-deletion', branch: deleted.branch };
  const chosen = deployable.find(({ branch }) => branch === 'main') ?? deployable[0];
  if (chosen !== undefined) return { kind: 'deploy', ...chosen };
  return updates.some((update) => !isDeletion(update)) ? { kind: 'skip' } : { kind: 'nothing' };
}
