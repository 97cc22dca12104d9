// The add-on servers of one `hdev start`: started before the release phase (migrations need
// them), stopped after the dynos, and shown next to them (the engine's `AddonSnapshot`).
import { join } from 'node:path';
import type { AddonSnapshot } from '../engine/engine-api.js';
import { dataDirectory } from '../router/localhost-certificate.js';
import { dynoMarker, DYNO_MARKER_VAR } from '../supervisor/dyno-marker.js';
import type { AddonRecord, AddonRegistry } from './registry.js';
import { appId } from './registry.js';
import type { PostgresBinaries } from './postgres-binaries.js';
import { resolvePostgresBinaries, traversableByOthers } from './postgres-binaries.js';
import { ensureCluster, postgresCommand, postgresLocation } from './postgres.js';
import { redisCommand, redisServerPath } from './redis.js';
import type { ServerCommand, ServerDeps } from './server-process.js';
import { AddonServerProcess } from './server-process.js';
import { SERVICE_NAMING, attachDescription, configVarOf } from './services.js';
import { HdevError } from '../errors.js';
import { removeAttachmentVars, writeAttachmentVars } from './attach.js';

export interface AddonManagerOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The run's id (dyno-marker.ts): the servers carry a marker as dynos do. */
  readonly runId: string | undefined;
  readonly stopTimeoutMs: number;
  readonly uid: number;
  /** Where an add-on attached while hdev start runs writes its config vars. */
  readonly envFile: string;
  /** Every env file of the app: a detached add-on's vars leave all of them. */
  readonly envFiles: readonly string[];
}

/** Root's data folder is usually not reachable by nobody: the binaries' copy goes here then. */
const ROOT_CACHE = '/var/cache/hdev';

interface Managed {
  readonly record: AddonRecord;
  readonly server: AddonServerProcess;
}

export class AddonManager {
  #managed: Managed[];
  #binaries: PostgresBinaries | undefined;
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly registry: AddonRegistry,
    private readonly options: AddonManagerOptions,
    private readonly deps: ServerDeps,
  ) {
    this.#managed = registry.list().map((record) => this.#manage(record));
  }

  #manage(record: AddonRecord): Managed {
    const server = new AddonServerProcess(
      {
        source: SERVICE_NAMING[record.service].logSource,
        label: `[${record.attachments[0] ?? record.name}]`,
        product: record.service === 'heroku-postgresql' ? 'PostgreSQL' : 'Redis',
        stopSignal: record.service === 'heroku-postgresql' ? 'SIGINT' : 'SIGTERM',
      },
      () => this.#command(record),
      this.deps,
    );
    server.onChange(() => this.#changed());
    return { record, server };
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  get size(): number {
    return this.#managed.length;
  }

  snapshot(): AddonSnapshot[] {
    return this.#managed.map(({ record, server }) => ({
      name: record.attachments[0] ?? record.name,
      service: record.service,
      state: server.state,
      stateSince: server.stateSince,
      port: record.port,
      pid: server.pid,
      configVars: record.attachments.map(configVarOf),
    }));
  }

  /** Calls `listener` when a server's state changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    const own = (): void => listener();
    this.#listeners.add(own);
    return () => this.#listeners.delete(own);
  }

  /**
   * `addons:create` while hdev start runs: the add-on (already in the registry) gets its server
   * and its config vars, as Heroku provisions and attaches at once. Resolves with the release's
   * description; rejects (HdevError) when the server cannot start, leaving the env file as it was.
   */
  async attach(name: string): Promise<string> {
    const record = this.registry.find(name);
    if (record === undefined)
      throw new HdevError(`no add-on ${name} on this app`, {
        hint: 'See them with `hdev addons`.',
      });
    if (this.#managed.some((managed) => managed.record.name === record.name))
      throw new HdevError(`${record.name} is already attached and running`);
    const managed = this.#manage(record);
    this.#managed = [...this.#managed, managed];
    this.#changed();
    try {
      await managed.server.start();
    } catch (error) {
      await managed.server.stop(this.options.stopTimeoutMs);
      this.#managed = this.#managed.filter((entry) => entry !== managed);
      this.#changed();
      throw error;
    }
    writeAttachmentVars(this.options.envFile, [record]);
    return attachDescription(record, 'Attach');
  }

  /**
   * `addons:destroy` while hdev start runs: its config vars leave the env files at once; its
   * server stops with `stopServer`, once the release without them is out (the data folder is
   * deleted by the command afterwards).
   */
  detach(name: string): { description: string; stopServer: () => Promise<void> } {
    const managed = this.#managed.find(
      ({ record }) => record.name === name || record.attachments.includes(name.toUpperCase()),
    );
    if (managed === undefined)
      throw new HdevError(`no add-on ${name} runs in this hdev start`, {
        hint: 'See them with `hdev addons`.',
      });
    removeAttachmentVars(
      [...new Set([...this.options.envFiles, this.options.envFile])],
      managed.record,
    );
    const stopServer = async (): Promise<void> => {
      await managed.server.stop(this.options.stopTimeoutMs);
      this.#managed = this.#managed.filter((entry) => entry !== managed);
      this.#changed();
    };
    return { description: attachDescription(managed.record, 'Detach'), stopServer };
  }

  /** Starts every server at once; rejects (HdevError) when one cannot start. */
  async start(): Promise<void> {
    const results = await Promise.allSettled(this.#managed.map(({ server }) => server.start()));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  /** Stops every server gracefully (Postgres' fast shutdown), bounded by the stop timeout. */
  async stop(): Promise<void> {
    await Promise.all(this.#managed.map(({ server }) => server.stop(this.options.stopTimeoutMs)));
  }

  killSync(): void {
    for (const { server } of this.#managed) server.killSync();
  }

  #env(record: AddonRecord): Record<string, string> {
    const env: Record<string, string> = { LC_ALL: 'C', LANG: 'C' };
    if (this.options.env.PATH !== undefined) env.PATH = this.options.env.PATH;
    if (this.options.runId !== undefined)
      env[DYNO_MARKER_VAR] = dynoMarker(this.options.runId, `addon-${record.name}`);
    return env;
  }

  async #command(record: AddonRecord): Promise<ServerCommand> {
    const addonDir = this.registry.dataDirectory(record);
    if (record.service === 'heroku-redis')
      return redisCommand(record, addonDir, redisServerPath(this.options.env), this.#env(record));
    const binaries = this.#postgresBinaries();
    const location = postgresLocation(
      addonDir,
      `${appId(this.registry.appRoot)}-${record.name}`,
      this.options.uid,
    );
    await ensureCluster(record, location, binaries, this.#env(record));
    return postgresCommand(record, location, binaries, this.#env(record));
  }

  #postgresBinaries(): PostgresBinaries {
    const data = dataDirectory(this.options.env);
    const asRoot = this.options.uid === 0;
    this.#binaries ??= resolvePostgresBinaries({
      env: this.options.env,
      cacheRoot: asRoot && !traversableByOthers(data) ? ROOT_CACHE : join(data, 'cache'),
      asRoot,
    });
    return this.#binaries;
  }
}
