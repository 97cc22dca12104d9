// Docker Compose: a service per process type (deploy.replicas = formation), the release phase as
// a one-shot service the others wait for, and postgres/redis services for app.json add-ons.
import type { AddonRequest as Addon } from '../../domain/addon.js';
import type { ExportResult } from '../files.js';
import { headerLines } from '../files.js';
import type { ExportModel, ExportProcess } from '../model.js';
import { assertDistinct, composeName } from '../names.js';
import { yamlFile } from '../yaml-documents.js';

/** Compose interpolates `$VAR` in every string of the file; `$$` is a literal `$`. */
function escapeCompose(value: string): string {
  return value.replaceAll('$', '$$$$');
}

interface BackingService {
  readonly name: string;
  readonly configVar: string;
  readonly url: string;
  readonly definition: object;
}

const HEALTH_TIMING = { interval: '2s', timeout: '5s', retries: 30 };

/** Local stand-ins for Heroku Postgres and Heroku Redis; throwaway credentials, no volume. */
function backingService(addon: Addon): BackingService | undefined {
  if (addon.configVar === undefined) return undefined;
  const custom = !/^(DATABASE|REDIS)_URL$/.test(addon.configVar);
  const attachment = composeName(addon.configVar.replace(/_URL$/, ''));
  if (addon.service === 'heroku-postgresql') {
    const name = custom ? attachment : 'postgres';
    return {
      name,
      configVar: addon.configVar,
      url: `postgres://postgres:postgres@${name}:5432/postgres`,
      definition: {
        image: 'postgres:17',
        environment: { POSTGRES_PASSWORD: 'postgres' },
        healthcheck: { test: ['CMD', 'pg_isready', '-U', 'postgres'], ...HEALTH_TIMING },
      },
    };
  }
  if (addon.service === 'heroku-redis') {
    const name = custom ? attachment : 'redis';
    return {
      name,
      configVar: addon.configVar,
      url: `redis://${name}:6379`,
      definition: {
        image: 'redis:7',
        healthcheck: { test: ['CMD', 'redis-cli', 'ping'], ...HEALTH_TIMING },
      },
    };
  }
  return undefined;
}

function environment(
  model: ExportModel,
  backing: readonly BackingService[],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of model.configVars) env[key] = escapeCompose(value);
  // The add-on's URL replaces the config var: a .env URL points at localhost, which inside a
  // container is the container itself.
  for (const service of backing) env[service.configVar] = escapeCompose(service.url);
  env.PORT = String(model.containerPort);
  return env;
}

function processService(
  model: ExportModel,
  process: ExportProcess,
  env: Record<string, string>,
  dependsOn: Record<string, { condition: string }>,
): object {
  const web = process.receivesTraffic
    ? {
        // One web container gets a fixed host port; replicas get one each, chosen by Docker.
        ports: [
          process.quantity === 1
            ? `${model.dynos[0]?.port ?? model.containerPort}:${model.containerPort}`
            : String(model.containerPort),
        ],
        // Heroku routes to a dyno once it has bound $PORT; bash's /dev/tcp needs no extra tool.
        healthcheck: {
          test: ['CMD', 'bash', '-c', ': </dev/tcp/127.0.0.1/$$PORT'],
          ...HEALTH_TIMING,
        },
      }
    : {};
  return {
    image: escapeCompose(model.image.reference),
    command: ['/bin/sh', '-c', escapeCompose(process.command)],
    environment: env,
    ...web,
    deploy: { replicas: process.quantity },
    // Heroku restarts a dyno whose command exits, crash or not.
    restart: 'always',
    stop_grace_period: `${model.stopTimeoutSeconds}s`,
    ...(Object.keys(dependsOn).length === 0 ? {} : { depends_on: dependsOn }),
  };
}

export function renderCompose(model: ExportModel): ExportResult {
  const backing = model.addons
    .map((addon) => backingService(addon))
    .filter((service) => service !== undefined);
  assertDistinct(
    [...backing.map((service) => service.name), ...model.processes.map((process) => process.type)],
    composeName,
    'Compose service names',
  );
  const env = environment(model, backing);
  const healthy = Object.fromEntries(
    backing.map((service) => [service.name, { condition: 'service_healthy' }]),
  );
  const services: Record<string, object> = {};
  for (const service of backing) services[service.name] = service.definition;
  if (model.release !== undefined) {
    services.release = {
      image: escapeCompose(model.image.reference),
      command: ['/bin/sh', '-c', escapeCompose(model.release)],
      environment: env,
      restart: 'no',
      ...(backing.length === 0 ? {} : { depends_on: healthy }),
    };
  }
  const releaseDone: Record<string, { condition: string }> =
    model.release === undefined ? {} : { release: { condition: 'service_completed_successfully' } };
  for (const process of model.processes) {
    services[composeName(process.type)] = processService(model, process, env, {
      ...healthy,
      ...releaseDone,
    });
  }
  const notes = composeNotes(model, backing);
  const header = headerLines('# ', [
    `App ${model.appName}: docker compose -p ${composeName(model.appName)} up -d`,
    'Values are escaped for Compose: `$$` in this file is a `$` in the container.',
    'DYNO is not set: Compose gives replicas no index to name them by.',
    ...notes.map((note) => `Note: ${note}`),
    '',
  ]);
  return {
    files: [{ path: 'compose.yaml', content: yamlFile(header, [{ services }]), mode: 0o600 }],
    notes,
  };
}

function composeNotes(model: ExportModel, backing: readonly BackingService[]): string[] {
  const local = backing.map((service) => service.configVar);
  return [
    ...(model.image.placeholder
      ? [`image ${model.image.reference} is a placeholder: rerun with --image IMAGE.`]
      : []),
    ...backing.map(
      (service) =>
        `${service.configVar} points at the local ${service.name} service (throwaway password).`,
    ),
    ...model.addons
      .filter((addon) => addon.configVar === undefined || !local.includes(addon.configVar))
      .map(
        (addon) =>
          `add-on ${addon.plan} has no local stand-in: set ${addon.configVar ?? 'its URL'} yourself.`,
      ),
  ];
}
