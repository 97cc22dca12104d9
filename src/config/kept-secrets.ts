// app.json's generated secrets, kept outside the app folder when its env file is committed to
// git: a secret appended there would reach everyone who clones the repository, and the next
// careless `git commit -a`. Heroku keeps config vars on the platform, never in the repository;
// hdev keeps these in its per-app state, in env-file syntax, readable by the owner only.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HdevError } from '../errors.js';
import { appStateDir } from './app-state-dir.js';
import { isPresent, MAX_ENV_FILE_BYTES, readBoundedText } from './bounded-read.js';
import { parseEnvFile } from './env-file.js';

/** Where an app's kept secrets live. */
export function keptSecretsFile(
  appRoot: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return join(appStateDir(appRoot, env), 'generated.env');
}

/** The kept secrets by name; none when the file is not there. */
export function readKeptSecrets(file: string, shown: string): Record<string, string> {
  if (!isPresent(file)) return {};
  const text = readBoundedText({
    path: file,
    shown,
    what: 'Kept secrets file',
    maxBytes: MAX_ENV_FILE_BYTES,
    hint: 'hdev keeps app.json’s generated secrets there: remove it, and hdev generates new ones.',
  });
  const secrets: Record<string, string> = {};
  for (const entry of parseEnvFile(text, shown).value) secrets[entry.key] = entry.value;
  return secrets;
}

/** Appends `lines` (env-file syntax) to the kept secrets, creating the file for the owner only. */
export function keepSecrets(file: string, shown: string, lines: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    appendFileSync(file, lines, { mode: 0o600 });
  } catch (error) {
    throw new HdevError(
      `cannot keep app.json's generated secrets in ${shown}: ${(error as Error).message}`,
      {
        hint: 'hdev keeps them in its state folder ($XDG_STATE_HOME/hdev, or ~/.local/state/hdev): make it writable, or set the secrets in the env file yourself.',
      },
    );
  }
}
