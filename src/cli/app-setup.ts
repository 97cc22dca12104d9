// `hdev start`'s part of Heroku's app setup from app.json: required config vars must be set,
// `generator: "secret"` vars get a secret once (kept in the env file, or in hdev's state when the
// env file is committed to git), and the add-ons hdev does not provide are named with the config
// var to set instead.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AppSpec } from '../domain/app-spec.js';
import { HdevError } from '../errors.js';
import {
  addonNotes,
  generatedSecretLines,
  planAppJsonEnv,
  secretFromBytes,
} from '../config/app-json-env.js';
import { keepSecrets, keptSecretsFile } from '../config/kept-secrets.js';
import { displayPath } from '../config/load-app.js';
import { exposureWarning, gitExposure } from '../git/file-exposure.js';

/** Heroku's secret generator makes 64 hex characters: 32 random bytes. */
const SECRET_BYTES = 32;

/**
 * Checks and completes the app's config from app.json. Returns true when it kept generated
 * secrets, so the caller reads the app again.
 */
export function setUpFromAppJson(
  app: AppSpec,
  shellEnv: Readonly<Record<string, string | undefined>>,
  say: (line: string) => void,
): boolean {
  const plan = planAppJsonEnv(app.appJson, app.configVars.values, shellEnv);
  const envFile = app.envFiles[0] ?? join(app.root, '.env');
  if (plan.missing.length > 0) {
    // Heroku's app setup refuses the same way: `config var FOO is required`.
    throw new HdevError(
      `app.json requires config vars that are not set: ${plan.missing.join(', ')}`,
      {
        hint: `Add them to ${displayPath(envFile)} (${plan.missing[0]}=…), or give them a "value" in app.json.`,
      },
    );
  }
  for (const note of addonNotes(app.appJson?.addons, app.configVars.values, displayPath(envFile)))
    say(note);
  if (plan.generate.length === 0) return false;
  const lines = plan.generate
    .map((key) => generatedSecretLines(key, secretFromBytes(randomBytes(SECRET_BYTES))))
    .join('');
  const names = `${plan.generate.join(', ')} (app.json generator: secret)`;
  const exposure = gitExposure(envFile, app.root);
  if (exposure === 'tracked') {
    const kept = keptSecretsFile(app.root, process.env);
    keepSecrets(kept, displayPath(kept), lines);
    say(
      `generated ${names} and kept it in ${displayPath(kept)}, not in ${displayPath(envFile)}: that file is committed to git`,
    );
    return true;
  }
  appendSecrets(envFile, lines);
  say(`generated ${names} and kept it in ${displayPath(envFile)}`);
  const warning = exposureWarning(envFile, exposure, 'a secret');
  if (warning !== undefined) say(warning);
  return true;
}

/** Appends the generated secrets to the env file, on a line of their own. */
function appendSecrets(envFile: string, lines: string): void {
  try {
    const existing = existsSync(envFile) ? readFileSync(envFile, 'utf8') : '';
    const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
    appendFileSync(envFile, `${separator}${lines}`, { mode: 0o600 });
  } catch (error) {
    throw new HdevError(
      `cannot write app.json's generated secrets to ${displayPath(envFile)}: ${(error as Error).message}`,
      { hint: 'Make the file writable (or free some space), or set the secrets in it yourself.' },
    );
  }
}
