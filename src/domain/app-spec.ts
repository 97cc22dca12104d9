// The app as hdev reads it from disk: process types, config vars and app.json, with diagnostics.
import type { AddonRequest } from './addon.js';
import type { Diagnostic } from './diagnostic.js';

/** One Procfile entry: `web: node server.js`. */
export interface ProcessType {
  readonly name: string;
  readonly command: string;
  /** 1-based line in the Procfile, for messages. */
  readonly line: number;
}

/** Heroku's release phase type: runs once before dynos start, never part of the formation. */
export const RELEASE_PROCESS_TYPE = 'release';

export interface Procfile {
  /** Process types in Procfile order (the last duplicate has replaced earlier ones in place). */
  readonly types: readonly ProcessType[];
}

/** Where a config var came from, for `hdev config` and messages. */
export interface ConfigVarOrigin {
  readonly file: string;
  readonly line: number;
}

/** Config vars after merging every env file (later files win) and expanding `${VAR}`. */
export interface ConfigVars {
  readonly values: Readonly<Record<string, string>>;
  readonly origins: Readonly<Record<string, ConfigVarOrigin>>;
}

/** An app.json `env` entry (Heroku's app.json schema: `required` defaults to true). */
export interface AppJsonEnvVar {
  readonly required: boolean;
  readonly value?: string;
  readonly description?: string;
  readonly generator?: 'secret';
}

export interface AppJson {
  readonly name?: string;
  /** `formation.<type>.quantity` entries, in file order. */
  readonly formation: ReadonlyMap<string, number>;
  readonly env: ReadonlyMap<string, AppJsonEnvVar>;
  /** `buildpacks[].url`, in order (the last one decides the default process types). */
  readonly buildpacks?: readonly string[];
  /** `addons`: `"heroku-postgresql"` strings or `{ "plan": …, "as": … }` objects. */
  readonly addons?: readonly AddonRequest[];
  /** `scripts.postdeploy`: runs once, after the app's first release. */
  readonly postdeploy?: string;
}

/**
 * Where the process types came from when not from the Procfile: heroku.yml's `run:` section or a
 * buildpack's default process types; one line for `hdev start` and `hdev check`.
 */
export interface ProcessTypesOrigin {
  readonly file: string;
  readonly description: string;
}

/** Everything `start`, `run` and `check` need to know about the app on disk. */
export interface AppSpec {
  /** Absolute app root: dynos run here. */
  readonly root: string;
  /** Display name: app.json `name`, else the root folder's name. */
  readonly name: string;
  readonly procfilePath: string;
  readonly procfile: Procfile;
  /** Set when the process types do not come from the Procfile. */
  readonly processTypesOrigin?: ProcessTypesOrigin;
  /** The env files that were read, in order, as absolute paths. */
  readonly envFiles: readonly string[];
  readonly configVars: ConfigVars;
  readonly appJson: AppJson | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** The same process types with the same commands, in the same order (a Procfile unchanged). */
export function sameProcessTypes(a: readonly ProcessType[], b: readonly ProcessType[]): boolean {
  return (
    a.length === b.length &&
    a.every((type, index) => {
      const other = b[index];
      return other !== undefined && type.name === other.name && type.command === other.command;
    })
  );
}
