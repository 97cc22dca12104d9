// `hdev start`'s add-ons: app.json's heroku-postgresql and heroku-redis are created when the app
// has none yet (Heroku's app setup creates app.json's add-ons; a local app has its first start
// instead), an add-on whose port something else took moves, and every attachment's config var
// is in the env file before the release is made.
import { existsSync } from 'node:fs';
import type { AppSpec } from '../domain/app-spec.js';
import type { AddonRequest } from '../domain/addon.js';
import { displayPath } from '../config/load-app.js';
import { exposureWarning, gitExposure } from '../git/file-exposure.js';
import {
  attachmentEnvFile,
  moveOffBusyPorts,
  provisionAddon,
  writeAttachmentVars,
} from './attach.js';
import { HdevError } from '../errors.js';
import type { AddonManager } from './addon-manager.js';
import { startIsRunning } from './addon-commands.js';
import { AddonRegistry } from './registry.js';
import type { AddonRecord } from './registry.js';
import { configVarOf, parsePlan } from './services.js';

export interface PreparedAddons {
  readonly registry: AddonRegistry;
  /** The env file changed: read the app again before making the release. */
  readonly envChanged: boolean;
}

/** The app.json add-ons the app does not have yet. */
export function missingAppJsonAddons(
  requests: readonly AddonRequest[],
  existing: readonly AddonRecord[],
): AddonRequest[] {
  const claimed = new Set<string>();
  return requests.filter((request) => {
    const parsed = parsePlan(request.plan);
    if (parsed === undefined) return false;
    const attachment = request.as?.toUpperCase();
    const match = existing.find(
      (record) =>
        !claimed.has(record.name) &&
        record.service === parsed.service &&
        (attachment === undefined || record.attachments.includes(attachment)),
    );
    if (match === undefined) return true;
    claimed.add(match.name);
    return false;
  });
}

export async function prepareAddons(
  app: AppSpec,
  explicitEnvFiles: boolean,
  env: Readonly<Record<string, string | undefined>>,
  say: (line: string) => void,
): Promise<PreparedAddons> {
  const registry = new AddonRegistry(app.root, env);
  // No add-on file, none asked for (most apps): nothing to create, move or write, so no check of
  // a running start nor of the listening ports stands before the first dyno.
  if ((app.appJson?.addons ?? []).length === 0 && !existsSync(registry.file))
    return { registry, envChanged: false };
  // A second `hdev start` of a running app stops at the control socket; it must not move the
  // first one's ports or rewrite its env file before that.
  if (await startIsRunning(app.root)) return { registry, envChanged: false };
  const envFile = attachmentEnvFile(app, explicitEnvFiles);
  const created: string[] = [];
  for (const request of missingAppJsonAddons(app.appJson?.addons ?? [], registry.list())) {
    const parsed = parsePlan(request.plan);
    if (parsed === undefined) continue;
    const record = await provisionAddon(
      registry,
      { service: parsed.service, tier: parsed.tier, as: request.as },
      env,
    );
    say(
      `app.json lists ${request.plan}: created ${record.name} as ${record.attachments.map(configVarOf).join(', ')} (in ${displayPath(envFile)})`,
    );
    created.push(...record.attachments.map(configVarOf));
  }
  for (const { record, from } of await moveOffBusyPorts(registry, env)) {
    say(
      `port ${from} of ${record.name} is in use: it listens on ${record.port} now, and ${record.attachments.map(configVarOf).join(', ')} says so`,
    );
  }
  const envChanged = writeAttachmentVars(envFile, registry.list());
  if (created.length > 0) {
    const warning = exposureWarning(
      envFile,
      gitExposure(envFile, app.root),
      `${created.join(', ')} with a password`,
    );
    if (warning !== undefined) say(warning);
  }
  return { registry, envChanged };
}

/**
 * Starts the servers before the release phase (migrations need them). False when one could not
 * start: the error is printed and nothing else may start.
 */
export async function startAddonServers(
  addons: AddonManager,
  say: (line: string) => void,
): Promise<boolean> {
  if (addons.size === 0) return true;
  try {
    await addons.start();
    return true;
  } catch (error) {
    if (!(error instanceof HdevError)) throw error;
    say(error.message);
    if (error.hint !== undefined) say(`  ${error.hint}`);
    return false;
  }
}
