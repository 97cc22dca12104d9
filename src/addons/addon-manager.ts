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
import { SERVICE_NAMING, configVarOf } from './services.js';

export interface AddonManagerOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The run's id (dyno-marker.ts): the servers carry a marker as dynos do. */
  readonly runId: string | undefined;
  readonly stopTimeoutMs: number;
  readonly uid: number;
}

/** Root's data folder is usually not reachable by nobody: the binaries' copy goes here then. */
const ROOT_CACHE = '/var/cache/hdev';

interface Managed {
  readonly record: AddonRecord;
  readonly server: AddonServerProcess;
}

export class AddonManager {
  readonly #managed: Managed[];
  #binaries: PostgresBinaries | undefined;

  constructor(
    private readonly registry: AddonRegistry,
    private readonly options: AddonManagerOptions,
    deps: ServerDeps,
  ) {
    this.#managed = registry.list().map((record) => ({
      record,
      server: new AddonServerProcess(
        {
          source: SERVICE_NAMING[record.service].logSource,
          label: `[${record.attachments[0] ?? record.name}]`,
          product: record.service === 'heroku-postgresql' ? 'PostgreSQL' : 'Redis',
          stopSignal: record.service === 'heroku-postgresql' ? 'SIGINT' : 'SIGTERM',
        },
        () => this.#command(record),
        deps,
      ),
    }));
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
    const offs = this.#managed.map(({ server }) => server.onChange(listener));
    return () => {
      for (const off of offs) off();
    };
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
