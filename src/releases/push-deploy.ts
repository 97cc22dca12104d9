// The deploy of a commit pushed to the app's hdev git remote: what `git push hdev main` builds
// and releases while git waits in its pre-receive hook (the implementation is
// cli/git-push-deploy.ts). Its lines reach the pusher prefixed `remote: ` by git, the way a
// Heroku build's output does.

export interface PushDeployRequest {
  readonly appRoot: string;
  readonly gitDir: string;
  readonly commit: string;
  readonly ref: string;
  /** the hook's environment: git's quarantine vars (GIT_QUARANTINE_PATH, GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES) so the pushed objects can be read before the push is accepted */
  readonly gitEnv: Readonly<Record<string, string | undefined>>;
}

export interface PushDeployResult {
  readonly ok: boolean;
  readonly version?: number;
}

/** `write` gets whole lines without newline, already in Heroku's `-----> ` / 7-space-indent style. */
export type PushDeploy = (
  request: PushDeployRequest,
  write: (line: string) => void,
) => Promise<PushDeployResult>;
