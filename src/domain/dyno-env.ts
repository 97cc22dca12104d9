// The environment a dyno's command sees.
//
// Order (later wins): the shell environment hdev was started from, then the config vars from the
// env files, then PORT and DYNO, which Heroku sets in every dyno. Unlike Heroku, hdev keeps the
// shell's HOME and PATH: a local dyno runs your tools, not a slug under /app.

export interface DynoIdentity {
  readonly dyno: string;
  readonly port: number;
}

export function buildDynoEnv(
  shellEnv: Readonly<Record<string, string | undefined>>,
  configVars: Readonly<Record<string, string>>,
  identity: DynoIdentity,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(shellEnv)) {
    if (value !== undefined) env[key] = value;
  }
  Object.assign(env, configVars);
  env.PORT = String(identity.port);
  env.DYNO = identity.dyno;
  return env;
}
