// `hdev addons`, `addons:create`, `addons:destroy`, `addons:info`: Heroku's add-on commands over
// the app's add-on registry. Servers run only inside `hdev start`; these commands change the
// registry and the env file; while a `hdev start` of the app runs, it attaches and detaches the
// add-on with a release (live-addons.ts), as Heroku does on a running app.
import { createConnection } from 'node:net';
import { createInterface } from 'node:readline/promises';
import { rmSync } from 'node:fs';
import type { AppLocation } from '../config/load-app.js';
import { displayPath, loadApp } from '../config/load-app.js';
import { exposureWarning, gitExposure } from '../git/file-exposure.js';
import { appSocketPath } from '../control/socket-path.js';
import { HdevError } from '../errors.js';
import {
  attachmentEnvFile,
  provisionAddon,
  removeAttachmentVars,
  writeAttachmentVars,
} from './attach.js';
import { clusterMajor, postgresLocation } from './postgres.js';
import { redisServerPath } from './redis.js';
import type { AddonRecord } from './registry.js';
import { AddonRegistry, appId } from './registry.js';
import { SERVICE_NAMING, configVarOf, parsePlan } from './services.js';
import { attachToRunningStart, detachFromRunningStart, releaseOutcome } from './live-addons.js';

export interface AddonContext {
  readonly app: ReturnType<typeof loadApp>;
  readonly registry: AddonRegistry;
  readonly envFile: string;
}

export function addonContext(location: AppLocation): AddonContext {
  const app = loadApp({ ...location, procfileOptional: true }, {});
  return {
    app,
    registry: new AddonRegistry(app.root, process.env),
    envFile: attachmentEnvFile(app, (location.envFiles ?? []).length > 0),
  };
}

/** True when a `hdev start` of this app answers on its control socket. */
export function startIsRunning(root: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(appSocketPath(root));
    const done = (running: boolean): void => {
      socket.destroy();
      resolve(running);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

export function findAddon(
  registry: AddonRegistry,
  name: string | undefined,
  service?: string,
): AddonRecord {
  const all = registry
    .list()
    .filter((record) => service === undefined || record.service === service);
  const found = name === undefined ? all[0] : registry.find(name);
  if (found === undefined || (service !== undefined && found.service !== service)) {
    throw new HdevError(
      name === undefined
        ? `no ${service ?? 'add-on'} on this app`
        : `no add-on ${name} on this app`,
      {
        hint: `See them with \`hdev addons\`; create one with \`hdev addons:create ${service ?? 'heroku-postgresql'}\`.`,
      },
    );
  }
  return found;
}

export function runAddons(location: AppLocation, json: boolean): number {
  const { registry, app } = addonContext(location);
  const addons = registry.list();
  if (json) {
    const shown = addons.map(({ password: _password, ...rest }) => rest);
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }
  if (addons.length === 0) {
    process.stdout.write(`No add-ons for app ${app.name}.\n`);
    return 0;
  }
  const rows = addons.map((record) => [
    `${record.service} (${record.name})`,
    record.tier,
    `127.0.0.1:${record.port}`,
    'created',
  ]);
  const header = ['Add-on', 'Plan', 'Listens on', 'State'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(header)}\n${line(widths.map((width) => '─'.repeat(width)))}\n`);
  for (const [index, record] of addons.entries()) {
    process.stdout.write(`${line(rows[index] ?? [])}\n`);
    for (const attachment of record.attachments) process.stdout.write(` └─ as ${attachment}\n`);
  }
  process.stdout.write(
    `\nThe table above shows add-ons and the attachments to the current app (${app.name}).\n`,
  );
  return 0;
}

export async function runAddonsCreate(
  location: AppLocation,
  plan: string,
  as: string | undefined,
): Promise<number> {
  const parsed = parsePlan(plan);
  if (parsed === undefined) {
    throw new HdevError(`hdev cannot run ${plan}`, {
      hint: 'hdev provides heroku-postgresql and heroku-redis; for another add-on, set the config vars it provides in .env (hdev config:set).',
    });
  }
  const context = addonContext(location);
  const running = await startIsRunning(context.app.root);
  if (parsed.service === 'heroku-redis') redisServerPath(process.env); // says what to install
  const record = await provisionAddon(
    context.registry,
    { service: parsed.service, tier: parsed.tier, as },
    process.env,
  );
  const creating = `Creating ${parsed.service}:${parsed.tier} on ⬢ ${context.app.name}...`;
  const vars = record.attachments.map(configVarOf);
  if (running) {
    const release = await attachToRunningStart(context.app.root, record.name).catch(
      (error: unknown) => {
        // The server never started: nothing of the add-on stays behind.
        forget(context.registry, record);
        throw error;
      },
    );
    process.stdout.write(`${creating} ${releaseOutcome(release)}\n`);
    process.stdout.write(`Created ${record.name} as ${vars.join(', ')}\n`);
    process.stdout.write(`Its server runs on 127.0.0.1:${record.port}.\n`);
    warnIfShared(context.envFile, context.app.root, vars);
    return 0;
  }
  writeAttachmentVars(context.envFile, [record]);
  process.stdout.write(`${creating} done\n`);
  process.stdout.write(
    `Created ${record.name} as ${vars.join(', ')} (in ${displayPath(context.envFile)})\n`,
  );
  process.stdout.write(`Its server starts with hdev start, on 127.0.0.1:${record.port}.\n`);
  warnIfShared(context.envFile, context.app.root, vars);
  return 0;
}

/** Says so when git would share the env file that now holds the add-on's password. */
function warnIfShared(envFile: string, root: string, vars: readonly string[]): void {
  const warning = exposureWarning(
    envFile,
    gitExposure(envFile, root),
    `${vars.join(', ')} with a password`,
  );
  if (warning !== undefined) process.stderr.write(`hdev: ${warning}\n`);
}

/** Removes an add-on from the registry and deletes its data. */
function forget(registry: AddonRegistry, record: AddonRecord): void {
  registry.remove(record.name);
  for (const folder of dataFolders(registry, record))
    rmSync(folder, { recursive: true, force: true });
}

async function confirmed(
  appName: string,
  confirm: string | undefined,
  action: string,
): Promise<void> {
  if (confirm !== undefined) {
    if (confirm === appName) return;
    throw new HdevError(`Confirmation ${confirm} did not match ${appName}. Aborted.`);
  }
  if (!process.stdin.isTTY) {
    throw new HdevError(action, { hint: `To proceed, re-run with --confirm ${appName}.` });
  }
  process.stderr.write(
    ` !    WARNING: ${action}\n !    To proceed, type ${appName} or re-run this command with --confirm ${appName}\n\n`,
  );
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = (await prompt.question('> ')).trim();
  prompt.close();
  if (answer !== appName) throw new HdevError(`Confirmation did not match ${appName}. Aborted.`);
}

/** Every folder an add-on's data may be in (its own, and the one Postgres uses as root). */
function dataFolders(registry: AddonRegistry, record: AddonRecord): string[] {
  const own = registry.dataDirectory(record);
  if (record.service !== 'heroku-postgresql') return [own];
  const location = postgresLocation(
    own,
    `${appId(registry.appRoot)}-${record.name}`,
    process.getuid?.() ?? 1,
  );
  return [own, location.dataDir];
}

export async function runAddonsDestroy(
  location: AppLocation,
  name: string,
  confirm: string | undefined,
): Promise<number> {
  const context = addonContext(location);
  const record = findAddon(context.registry, name);
  await confirmed(
    context.app.name,
    confirm,
    `Destructive Action. This command will destroy ${record.name} and all its data on ${context.app.name}.`,
  );
  const running = await startIsRunning(context.app.root);
  // A running start stops the server before its data goes, and releases without the vars.
  const release = running ? await detachFromRunningStart(context.app.root, record.name) : undefined;
  removeAttachmentVars([...new Set([...context.app.envFiles, context.envFile])], record);
  forget(context.registry, record);
  process.stdout.write(
    `Destroying ${record.name} on ⬢ ${context.app.name}... ${running ? releaseOutcome(release) : 'done'}\n`,
  );
  return 0;
}

export function runAddonsInfo(location: AppLocation, name: string): number {
  const { registry, app } = addonContext(location);
  const record = findAddon(registry, name);
  const folders = dataFolders(registry, record);
  const data = folders[folders.length - 1] ?? '';
  const major = record.service === 'heroku-postgresql' ? clusterMajor(data) : undefined;
  const fields: [string, string][] = [
    [
      'Attachments',
      record.attachments.map((attachment) => `${app.name}::${attachment}`).join(', '),
    ],
    ['Config vars', record.attachments.map(configVarOf).join(', ')],
    ['Installed at', record.createdAt],
    ['Plan', `${record.service}:${record.tier} (hdev runs the same local server for every plan)`],
    ['Listens on', `127.0.0.1:${record.port}`],
    ['Data', data],
    ...(major === undefined ? [] : ([['PostgreSQL', String(major)]] as [string, string][])),
    ['Log source', `app[${SERVICE_NAMING[record.service].logSource}]`],
  ];
  const width = Math.max(...fields.map(([key]) => key.length + 1));
  process.stdout.write(`=== ${record.name}\n\n`);
  for (const [key, value] of fields) process.stdout.write(`${`${key}:`.padEnd(width)} ${value}\n`);
  return 0;
}
