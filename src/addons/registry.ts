// The add-ons of one app, kept outside the app tree in hdev's per-user data folder:
// `<data>/apps/<app id>/addons.json` plus one folder per add-on for its server's data. The app
// id is a hash of the app root's real path, so two apps never share a server or its data, and
// the data survives restarts until `hdev addons:destroy`.
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { HdevError } from '../errors.js';
import { dataDirectory } from '../router/localhost-certificate.js';
import type { AddonService } from './services.js';
import { configVarOf, isAddonService } from './services.js';

export interface AddonRecord {
  /** Heroku's add-on name: `postgresql-shiny-48213`. */
  readonly name: string;
  readonly service: AddonService;
  /** The plan's tier as asked (`essential-0`); hdev runs the same server for every tier. */
  readonly tier: string;
  /** `DATABASE`, `HEROKU_POSTGRESQL_RED`: each sets `<NAME>_URL`. */
  readonly attachments: readonly string[];
  /** The port its server listens on, kept so the URL in the env file stays the same. */
  readonly port: number;
  /** Generated at creation; it is in the URL. */
  readonly password: string;
  readonly createdAt: string;
}

interface RegistryFile {
  readonly appRoot: string;
  readonly addons: readonly AddonRecord[];
}

/** The app root as every command names it: its real path, as the control socket does. */
export function realAppRoot(appDir: string): string {
  try {
    return realpathSync(appDir);
  } catch {
    return appDir;
  }
}

export function appId(appRoot: string): string {
  return createHash('sha256').update(realAppRoot(appRoot)).digest('hex').slice(0, 16);
}

/** `<data>/apps`: every app's add-ons. */
export function appsDirectory(env: Readonly<Record<string, string | undefined>>): string {
  return join(dataDirectory(env), 'apps');
}

/** `<data>/apps/<app id>`: what hdev keeps for one app outside its tree. */
export function appDataDirectory(
  appDir: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return join(appsDirectory(env), appId(appDir));
}

/** Creates an app's data folder (0711), or says which folder cannot be made and why. */
export function makeAppDataDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o711 });
  } catch (error) {
    throw new HdevError(`cannot make hdev's data folder ${dir}: ${(error as Error).message}`, {
      hint: 'hdev keeps each app’s data in $XDG_DATA_HOME/hdev (or ~/.local/share/hdev): make that a folder you can write to.',
    });
  }
}

export function generatePassword(): string {
  return randomBytes(24).toString('hex');
}

const isRecord = (value: unknown): value is AddonRecord => {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.name === 'string' &&
    /^[a-z]+-[a-z]+-\d+$/.test(entry.name) &&
    typeof entry.service === 'string' &&
    isAddonService(entry.service) &&
    Array.isArray(entry.attachments) &&
    typeof entry.port === 'number' &&
    typeof entry.password === 'string'
  );
};

export class AddonRegistry {
  readonly appRoot: string;
  /** `<data>/apps/<app id>`. */
  readonly directory: string;

  constructor(appDir: string, env: Readonly<Record<string, string | undefined>> = process.env) {
    this.appRoot = realAppRoot(appDir);
    this.directory = appDataDirectory(this.appRoot, env);
  }

  get file(): string {
    return join(this.directory, 'addons.json');
  }

  /** The folder of one add-on's server data. */
  dataDirectory(record: Pick<AddonRecord, 'name'>): string {
    return join(this.directory, record.name);
  }

  list(): AddonRecord[] {
    if (!existsSync(this.file)) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw new HdevError(`cannot read ${this.file}: ${(error as Error).message}`, {
        hint: 'hdev keeps the app’s add-ons there; fix or remove the file (the data folders next to it stay).',
      });
    }
    const addons = (parsed as Partial<RegistryFile>).addons;
    return Array.isArray(addons) ? addons.filter(isRecord) : [];
  }

  /** By add-on name or attachment name (`postgresql-shiny-48213`, `DATABASE`, `DATABASE_URL`). */
  find(nameOrAttachment: string): AddonRecord | undefined {
    const wanted = nameOrAttachment.replace(/_URL$/i, '').toUpperCase();
    return this.list().find(
      (record) => record.name === nameOrAttachment || record.attachments.includes(wanted),
    );
  }

  save(addons: readonly AddonRecord[]): void {
    makeAppDataDirectory(this.directory);
    const text = `${JSON.stringify({ appRoot: this.appRoot, addons } satisfies RegistryFile, null, 2)}\n`;
    const temp = `${this.file}.${process.pid}.tmp`;
    // The file holds the passwords: this user only.
    writeFileSync(temp, text, { mode: 0o600 });
    renameSync(temp, this.file);
  }

  add(record: AddonRecord): void {
    this.save([...this.list(), record]);
  }

  remove(name: string): void {
    this.save(this.list().filter((record) => record.name !== name));
  }

  replace(record: AddonRecord): void {
    this.save(this.list().map((entry) => (entry.name === record.name ? record : entry)));
  }
}

/** The config vars an add-on sets, with its URL: `{ DATABASE_URL: …, HEROKU_POSTGRESQL_RED_URL: … }`. */
export function attachmentVars(record: AddonRecord): Record<string, string> {
  const url = addonUrl(record);
  return Object.fromEntries(record.attachments.map((name) => [configVarOf(name), url]));
}

/**
 * Heroku's URL shapes: `postgres://user:password@host:port/database` (the `postgres://` scheme
 * Heroku has always used) and `redis://:password@host:port`. Heroku's Redis 6+ URLs are
 * `rediss://` (TLS); hdev's server speaks plain TCP on loopback, so `redis://` (a deliberate
 * difference: apps that force TLS need it off locally).
 */
export function addonUrl(record: AddonRecord): string {
  const password = encodeURIComponent(record.password);
  return record.service === 'heroku-postgresql'
    ? `postgres://postgres:${password}@127.0.0.1:${record.port}/postgres`
    : `redis://:${password}@127.0.0.1:${record.port}`;
}

/** Ports other apps' add-ons keep, so a new add-on does not take one of them. */
export function portsOfOtherApps(
  env: Readonly<Record<string, string | undefined>>,
  exceptDirectory: string,
): Set<number> {
  const ports = new Set<number>();
  const apps = appsDirectory(env);
  let entries: string[];
  try {
    entries = readdirSync(apps);
  } catch {
    return ports;
  }
  for (const entry of entries) {
    const directory = join(apps, entry);
    if (directory === exceptDirectory) continue;
    try {
      const parsed = JSON.parse(readFileSync(join(directory, 'addons.json'), 'utf8')) as {
        addons?: unknown[];
      };
      for (const record of parsed.addons ?? []) if (isRecord(record)) ports.add(record.port);
    } catch {
      // not an app folder, or unreadable: it claims no port
    }
  }
  return ports;
}
