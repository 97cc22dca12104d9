// Provisioning and attaching an add-on, as Heroku does: the add-on gets a name, a port and a
// password, and its attachments' config vars (DATABASE_URL, …) are set on the app.
//
// Where the config vars go: into the app's env file, through the same locked, atomic edit as
// `hdev config:set`. On Heroku an add-on's vars are ordinary config vars of the app ("add-ons
// add/update their own vars at any time", Dev Center: Configuration and Config Vars): `heroku
// config` lists them, `heroku run` and the release phase get them, and attaching makes a
// release. Kept in the env file, they are all of that in hdev with no second config source:
// `hdev config` shows them, `hdev run` gets them, a running `hdev start` releases the change.
// The URL stays the same across restarts (the add-on keeps its port); when that port is taken,
// the add-on moves and the var is rewritten, as Heroku rewrites DATABASE_URL after maintenance.
import { join } from 'node:path';
import type { AppSpec } from '../domain/app-spec.js';
import { HdevError } from '../errors.js';
import { displayPath } from '../config/load-app.js';
import { setConfigVars, unsetConfigVars } from '../config/env-editor.js';
import { editEnvFile } from '../config/env-file-store.js';
import { readListeningPorts } from '../supervisor/listening-ports.js';
import { allocatePorts } from '../supervisor/port-allocation.js';
import { isPortFree } from '../supervisor/port-probe.js';
import type { AddonRecord, AddonRegistry } from './registry.js';
import { attachmentVars, generatePassword, portsOfOtherApps } from './registry.js';
import type { AddonService } from './services.js';
import { addonName, attachmentNameProblem, newAttachments } from './services.js';

/** Where the servers listen by default; the next free port above when taken. */
const PREFERRED_PORTS: Readonly<Record<AddonService, number>> = {
  'heroku-postgresql': 5432,
  'heroku-redis': 6379,
};

export interface AddonRequestOptions {
  readonly service: AddonService;
  readonly tier: string;
  readonly as: string | undefined;
}

/** The env file add-on vars are written to: the last `-e` file (the one that wins), else .env. */
export function attachmentEnvFile(
  app: Pick<AppSpec, 'root' | 'envFiles'>,
  explicitEnvFiles: boolean,
): string {
  return (
    (explicitEnvFiles ? app.envFiles[app.envFiles.length - 1] : undefined) ?? join(app.root, '.env')
  );
}

async function freePort(
  registry: AddonRegistry,
  service: AddonService,
  env: Readonly<Record<string, string | undefined>>,
  also: readonly number[] = [],
): Promise<number> {
  const taken = new Set([
    ...portsOfOtherApps(env, registry.directory),
    ...registry.list().map((record) => record.port),
    ...also,
  ]);
  const [port] = await allocatePorts([PREFERRED_PORTS[service]], taken);
  if (port === undefined) throw new HdevError(`no free port for ${service}`);
  return port;
}

/** Records a new add-on (no server starts here: `hdev start` runs it). */
export async function provisionAddon(
  registry: AddonRegistry,
  request: AddonRequestOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<AddonRecord> {
  const existing = registry.list();
  if (request.as !== undefined) {
    const problem = attachmentNameProblem(request.as);
    if (problem !== undefined) throw new HdevError(problem);
    const owner = existing.find((record) =>
      record.attachments.includes(request.as?.toUpperCase() ?? ''),
    );
    if (owner !== undefined)
      throw new HdevError(`${request.as.toUpperCase()} is already attached to ${owner.name}`, {
        hint: `Choose another name with --as, or destroy ${owner.name} first.`,
      });
  }
  const names = new Set(existing.map((record) => record.name));
  let name = addonName(request.service, Math.random(), Math.random());
  for (let attempt = 0; names.has(name) && attempt < 20; attempt++)
    name = addonName(request.service, Math.random(), Math.random());
  const record: AddonRecord = {
    name,
    service: request.service,
    tier: request.tier,
    attachments: newAttachments(
      request.service,
      existing.flatMap((entry) => entry.attachments),
      request.as,
    ),
    port: await freePort(registry, request.service, env),
    password: generatePassword(),
    createdAt: new Date().toISOString(),
  };
  registry.add(record);
  return record;
}

/** Sets the add-on's config vars in `file`; true when the file changed. */
export function writeAttachmentVars(file: string, records: readonly AddonRecord[]): boolean {
  const vars = new Map(records.flatMap((record) => Object.entries(attachmentVars(record))));
  if (vars.size === 0) return false;
  return editEnvFile({
    path: file,
    shown: displayPath(file),
    edit: (before) => setConfigVars(before, vars),
    createMissing: true,
  });
}

/** Removes the add-on's config vars from every env file. */
export function removeAttachmentVars(files: readonly string[], record: AddonRecord): void {
  const keys = Object.keys(attachmentVars(record));
  for (const file of files) {
    editEnvFile({
      path: file,
      shown: displayPath(file),
      edit: (before) => unsetConfigVars(before, keys),
      createMissing: false,
    });
  }
}

/**
 * Before the servers start: an add-on whose port something else took moves to a free one.
 * Returns the moves, for a log line each.
 */
export async function moveOffBusyPorts(
  registry: AddonRegistry,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ record: AddonRecord; from: number }[]> {
  const listening = readListeningPorts();
  const moves: { record: AddonRecord; from: number }[] = [];
  for (const record of registry.list()) {
    const busy =
      listening !== undefined ? listening.has(record.port) : !(await isPortFree(record.port));
    if (!busy) continue;
    const moved = { ...record, port: await freePort(registry, record.service, env, [record.port]) };
    registry.replace(moved);
    moves.push({ record: moved, from: record.port });
  }
  return moves;
}
