// The one intermediate model every export target renders: what Heroku would run for this app
// (process types and their quantities, the release phase, config vars, ports, stop timeout,
// add-ons), decided once, purely, from the app spec and the export options.
import { RELEASE_PROCESS_TYPE } from '../domain/app-spec.js';
import type { AppSpec } from '../domain/app-spec.js';
import type { Formation } from '../domain/formation.js';
import { preferredPort } from '../domain/ports.js';
import type { AddonRequest as Addon } from '../domain/addon.js';
import { WEB_TYPE } from '../domain/dyno-name.js';

/** Heroku sends SIGTERM, then SIGKILL 30 s later (R12): DC "Dyno Shutdown Behavior". */
export const HEROKU_STOP_TIMEOUT_SECONDS = 30;

/**
 * The port a container's process listens on. Heroku picks a random PORT per dyno; in a container
 * any fixed port will do, because every pod or container has its own network namespace, so all
 * web replicas can share it.
 */
const CONTAINER_PORT = 5000;

/** The platform sets these in every dyno; a config var of the same name never reaches the app. */
const PLATFORM_VARS = ['PORT', 'DYNO'] as const;

/** Shown instead of an image when `--image` is not given; a valid reference that fails to pull. */
const PLACEHOLDER_IMAGE_REPOSITORY = 'replace-with-your-image';

export interface ExportOptions {
  /** `-a`: the app's name, before each target sanitises it. */
  readonly appName: string;
  readonly formation: Formation;
  /** `--image`: the container image built from the app; undefined for the placeholder. */
  readonly image: string | undefined;
  /** Absolute directory the files are written to (host targets refer to files in it). */
  readonly location: string;
  /** Base port for host targets (systemd, supervisord, runit, launchd): hdev start's scheme. */
  readonly basePort: number;
  readonly stopTimeoutSeconds: number;
  readonly addons: readonly Addon[];
}

export interface ExportProcess {
  /** Procfile process type: `web`, `worker`. */
  readonly type: string;
  readonly command: string;
  /** Dynos of this type in the formation (0 keeps the type, scaled down). */
  readonly quantity: number;
  /** Only `web` receives HTTP traffic from Heroku's router. */
  readonly receivesTraffic: boolean;
}

/** One dyno as a host target runs it: `web.2` on base + 1. */
export interface ExportDyno {
  readonly type: string;
  readonly command: string;
  readonly instance: number;
  /** `web.2`, as Heroku names it in DYNO. */
  readonly name: string;
  readonly port: number;
}

export interface ExportModel {
  readonly appName: string;
  /** Absolute app root: where host targets run the commands. */
  readonly appRoot: string;
  readonly location: string;
  readonly image: { readonly reference: string; readonly placeholder: boolean };
  /** Dyno process types in Procfile order (release excluded). */
  readonly processes: readonly ExportProcess[];
  /** The Procfile's `release` command, run once per release before new dynos start. */
  readonly release: string | undefined;
  /** Config vars in env file order, without the platform's PORT and DYNO. */
  readonly configVars: readonly (readonly [string, string])[];
  /** Config vars that were left out because the platform sets them. */
  readonly shadowedVars: readonly string[];
  readonly containerPort: number;
  /** Every dyno of the formation for host targets, with hdev start's port scheme. */
  readonly dynos: readonly ExportDyno[];
  readonly stopTimeoutSeconds: number;
  readonly addons: readonly Addon[];
}

export function buildExportModel(app: AppSpec, options: ExportOptions): ExportModel {
  const dynoTypes = app.procfile.types.filter((type) => type.name !== RELEASE_PROCESS_TYPE);
  const processes = dynoTypes.map((type) => ({
    type: type.name,
    command: type.command,
    quantity: options.formation.get(type.name) ?? 0,
    receivesTraffic: type.name === WEB_TYPE,
  }));
  const dynos = processes.flatMap((process, typeIndex) =>
    Array.from({ length: process.quantity }, (_, index) => ({
      type: process.type,
      command: process.command,
      instance: index + 1,
      name: `${process.type}.${index + 1}`,
      port: preferredPort(options.basePort, typeIndex, index + 1),
    })),
  );
  const platform: readonly string[] = PLATFORM_VARS;
  const entries = Object.entries(app.configVars.values);
  return {
    appName: options.appName,
    appRoot: app.root,
    location: options.location,
    image:
      options.image === undefined
        ? {
            reference: `${PLACEHOLDER_IMAGE_REPOSITORY}/${options.appName}:latest`,
            placeholder: true,
          }
        : { reference: options.image, placeholder: false },
    processes,
    release: app.procfile.types.find((type) => type.name === RELEASE_PROCESS_TYPE)?.command,
    configVars: entries.filter(([key]) => !platform.includes(key)),
    shadowedVars: entries.map(([key]) => key).filter((key) => platform.includes(key)),
    containerPort: CONTAINER_PORT,
    dynos,
    stopTimeoutSeconds: options.stopTimeoutSeconds,
    addons: options.addons,
  };
}
