// Puts the dyno startup script (domain/dyno-startup.ts) on disk once per hdev process, in a
// directory only this user can write, and gives a spawn the BASH_ENV that runs it.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynoStartupScript, needsStartupScript } from '../domain/dyno-startup.js';

let scriptPath: string | undefined;

function privateDirectory(): string {
  const uid = process.getuid?.() ?? 0;
  const dir = join(tmpdir(), `hdev-${uid}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stats = lstatSync(dir);
    if (stats.isDirectory() && stats.uid === uid && (stats.mode & 0o077) === 0) return dir;
  } catch {
    // fall through to a fresh private directory
  }
  return mkdtempSync(join(tmpdir(), 'hdev-'));
}

function writeScript(): string {
  const dir = privateDirectory();
  const path = join(dir, 'dyno-startup.sh');
  // Written whole and renamed into place: a concurrent hdev never sources half a script.
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, dynoStartupScript(), { mode: 0o600 });
  renameSync(partial, path);
  return path;
}

/**
 * The env for a command run in `cwd`: with BASH_ENV set to the startup script when the app has a
 * `.profile` or `.profile.d`, unchanged otherwise. `/bin/sh` (no bash on the machine) ignores it.
 */
export function withDynoStartup(
  env: Readonly<Record<string, string>>,
  cwd: string,
): Readonly<Record<string, string>> {
  const files = {
    profile: existsSync(join(cwd, '.profile')),
    profileD: existsSync(join(cwd, '.profile.d')),
  };
  if (!needsStartupScript(files)) return env;
  // Rewritten if something cleaned the temp directory since.
  if (scriptPath === undefined || !existsSync(scriptPath)) scriptPath = writeScript();
  return { ...env, BASH_ENV: scriptPath };
}
