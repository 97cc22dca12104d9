// Where `hdev start` keeps the app's releases: the ledger and the slugs live in hdev's per-app
// data folder, outside the app tree (a slug inside it would be watched, and copied into the next).
import { join } from 'node:path';
import type { AppSpec, ProcessType } from '../domain/app-spec.js';
import type { AppLocation } from '../config/load-app.js';
import { loadApp } from '../config/load-app.js';
import { appDataDirectory } from '../addons/registry.js';
import { ReleaseLedger } from '../releases/ledger.js';
import type { DeployerOptions } from '../releases/deployer.js';
import { SlugStore } from '../slugs/slug-store.js';
import { removeConfigVars, writeConfigVars } from './config-vars/edit.js';

type Env = Readonly<Record<string, string | undefined>>;

export function releaseLedger(appRoot: string, env: Env, directory?: string): ReleaseLedger {
  return new ReleaseLedger(join(directory ?? appDataDirectory(appRoot, env), 'releases.json'));
}

export function slugStore(appRoot: string, env: Env, directory?: string): SlugStore {
  return new SlugStore(join(directory ?? appDataDirectory(appRoot, env), 'slugs'));
}

/** The process types of a slug: its own Procfile, read as Heroku reads the pushed one. */
export function slugProcessTypes(
  slugDir: string,
  env: Readonly<Record<string, string | undefined>>,
): readonly ProcessType[] {
  return loadApp({ appDir: slugDir, envFiles: [] }, env).procfile.types;
}

/**
 * Heroku's rollback restores the config vars; hdev's config store is the env file, so the
 * restored values are written back to it (only the keys that differ), as `config:set` and
 * `config:unset` would.
 */
export function restoreConfigVars(
  location: AppLocation,
  current: () => Readonly<Record<string, string>>,
  wanted: Readonly<Record<string, string>>,
): void {
  const now = current();
  const changed = new Map(Object.entries(wanted).filter(([key, value]) => now[key] !== value));
  const removed = Object.keys(now).filter((key) => !Object.hasOwn(wanted, key));
  if (changed.size > 0) writeConfigVars(location, changed);
  if (removed.length > 0) removeConfigVars(location, removed);
}

export function releaseStorage(
  app: AppSpec,
  options: AppLocation & {
    readonly slugs?: { readonly keep: number } | undefined;
    readonly releasesDirectory?: string | undefined;
  },
  env: Readonly<Record<string, string | undefined>>,
): Pick<
  DeployerOptions,
  'ledger' | 'slugs' | 'keepSlugs' | 'loadProcessTypes' | 'restoreConfigVars'
> {
  const ledger = releaseLedger(app.root, env, options.releasesDirectory);
  if (options.slugs === undefined) return { ledger };
  return {
    ledger,
    slugs: slugStore(app.root, env, options.releasesDirectory),
    keepSlugs: options.slugs.keep,
    loadProcessTypes: (slugDir) => slugProcessTypes(slugDir, env),
    restoreConfigVars: (values) =>
      restoreConfigVars(options, () => loadApp(options, env).configVars.values, values),
  };
}
