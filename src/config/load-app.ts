// Reads the app from disk (Procfile, env files, app.json) and hands the text to the pure parsers.
// The only module in config/ that touches the file system.
import { readdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { AppJson, AppSpec, ConfigVars } from '../domain/app-spec.js';
import type { Diagnostic } from '../domain/diagnostic.js';
import { HdevError } from '../errors.js';
import { parseAppJson } from './app-json.js';
import { generatesSecrets, planAppJsonEnv, withAppJsonDefaults } from './app-json-env.js';
import { keptSecretsFile, readKeptSecrets } from './kept-secrets.js';
import {
  isPresent,
  MAX_ENV_FILE_BYTES,
  MAX_MANIFEST_BYTES,
  readBoundedText,
} from './bounded-read.js';
import { mergeConfigVars } from './config-vars.js';
import { parseEnvFile } from './env-file.js';
import { parseProcfile } from './procfile.js';
import { readAppManifests } from './app-manifests.js';
import { chooseProcessTypes } from './process-types-choice.js';

export interface AppLocation {
  /** `-d/--app-dir`: the app root (default: the current directory). */
  readonly appDir?: string | undefined;
  /** `-f/--procfile`: relative to the current directory, like any path typed in a shell. */
  readonly procfile?: string | undefined;
  /** `-e/--env`: env files in order (later wins); each must exist. Default: `.env` if present. */
  readonly envFiles?: readonly string[] | undefined;
  /** `hdev run` works without a Procfile, as `heroku run bash` does. */
  readonly procfileOptional?: boolean;
}

/** A path as the user should see it: relative to where they ran hdev, when it is below it. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const shown = relative(cwd, path);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}

function readText(path: string, what: string, maxBytes: number, hint: string): string {
  return readBoundedText({ path, shown: displayPath(path), what, maxBytes, hint });
}

/** Heroku needs the exact name `Procfile`; name a near miss when there is one. */
function procfileHint(root: string): string {
  let nearMiss: string | undefined;
  try {
    nearMiss = readdirSync(root).find((name) => /^procfile/i.test(name) && name !== 'Procfile');
  } catch {
    // the root itself is checked elsewhere
  }
  const base =
    'Create one with a line such as `web: node server.js`, or point hdev to it with -f/--procfile FILE or -d/--app-dir DIR.';
  return nearMiss === undefined
    ? base
    : `Found ${nearMiss}: Heroku only reads a file named exactly \`Procfile\` in the app root. Rename it, or use -f ${nearMiss}.`;
}

function resolveRoot(appDir: string | undefined): string {
  const root = resolve(appDir ?? '.');
  let isDirectory = false;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) {
    throw new HdevError(`App directory ${displayPath(root)} does not exist or is not a directory`, {
      hint: 'Pass the folder that holds your Procfile with -d/--app-dir DIR.',
    });
  }
  return root;
}

/**
 * The config vars with what app.json adds for vars set nowhere else (Heroku applies it at app
 * setup): `value` defaults, and the generated secrets hdev kept in its state.
 */
function withAppJsonEnv(
  root: string,
  appJson: AppJson | undefined,
  configVars: ConfigVars,
  shellEnv: Readonly<Record<string, string | undefined>>,
  appJsonPath: string,
): ConfigVars {
  // hdev's own state is found from its environment, even when the shell's vars are not config
  // vars (the config commands pass none).
  const keptFile = keptSecretsFile(root, process.env);
  const keptSecrets = generatesSecrets(appJson)
    ? readKeptSecrets(keptFile, displayPath(keptFile))
    : {};
  const plan = planAppJsonEnv(appJson, configVars.values, shellEnv, keptSecrets);
  const withDefaults = withAppJsonDefaults(configVars, plan.defaults, displayPath(appJsonPath));
  return withAppJsonDefaults(withDefaults, plan.kept, displayPath(keptFile));
}

export function loadApp(
  location: AppLocation,
  shellEnv: Readonly<Record<string, string | undefined>>,
): AppSpec {
  const root = resolveRoot(location.appDir);
  const procfilePath =
    location.procfile === undefined ? join(root, 'Procfile') : resolve(location.procfile);
  const appJsonPath = join(root, 'app.json');
  const appJson = isPresent(appJsonPath)
    ? parseAppJson(
        readText(appJsonPath, 'app.json', MAX_MANIFEST_BYTES, 'Fix or remove app.json.'),
        displayPath(appJsonPath),
      )
    : undefined;
  const choice = chooseProcessTypes(
    readAppManifests(
      root,
      { path: procfilePath, given: location.procfile !== undefined },
      appJson?.value?.buildpacks,
    ),
  );
  const procfile =
    choice.kind === 'declared'
      ? { value: { types: choice.types }, diagnostics: [] }
      : location.procfileOptional === true &&
          location.procfile === undefined &&
          !isPresent(procfilePath)
        ? { value: { types: [] }, diagnostics: [] }
        : parseProcfile(
            readText(
              procfilePath,
              'Procfile',
              MAX_MANIFEST_BYTES,
              [choice.hint, procfileHint(root)].filter(Boolean).join(' '),
            ),
            displayPath(procfilePath),
          );

  const defaultEnv = join(root, '.env');
  // A missing default .env is fine; a dangling or looping symlink there is read, and refused.
  const envFiles =
    location.envFiles?.map((file) => resolve(file)) ?? (isPresent(defaultEnv) ? [defaultEnv] : []);
  const envHint =
    location.envFiles === undefined
      ? 'hdev reads .env in the app root when it is there: make it a regular file, or remove it.'
      : 'Check the path given to -e/--env.';
  const parsedEnvFiles = envFiles.map((path) => {
    const file = displayPath(path);
    const parsed = parseEnvFile(readText(path, 'Env file', MAX_ENV_FILE_BYTES, envHint), file);
    return { file, parsed };
  });
  const configVars = mergeConfigVars(
    parsedEnvFiles.map(({ file, parsed }) => ({ file, entries: parsed.value })),
    shellEnv,
  );

  const diagnostics: Diagnostic[] = [
    ...procfile.diagnostics,
    ...parsedEnvFiles.flatMap(({ parsed }) => parsed.diagnostics),
    ...configVars.diagnostics,
    ...(appJson?.diagnostics ?? []),
  ];
  return {
    root,
    name: appJson?.value?.name ?? basename(root),
    procfilePath,
    procfile: procfile.value,
    ...(choice.kind === 'declared'
      ? { processTypesOrigin: { file: choice.file, description: choice.description } }
      : {}),
    envFiles,
    configVars: withAppJsonEnv(root, appJson?.value, configVars.value, shellEnv, appJsonPath),
    appJson: appJson?.value,
    diagnostics,
  };
}
