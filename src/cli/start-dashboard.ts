// `hdev start`'s dashboard: the server on its own loopback port, its URL printed at start and
// left (private to the user) where `hdev dashboard` finds it.
import { chmodSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import type { AppLocation } from '../config/load-app.js';
import { loadApp } from '../config/load-app.js';
import { appSocketPath } from '../control/socket-path.js';
import type { DashboardPort } from '../dashboard/dashboard-port.js';
import type { Dashboard } from '../dashboard/server.js';
import type { AttachLookup } from '../dashboard/attach-channel.js';
import type { Engine } from '../engine/engine-api.js';
import { removeConfigVars, writeConfigVars } from './config-vars/edit.js';

export interface DashboardSettings {
  /** 0: any free port. */
  readonly port: number;
}

/** Next to the control socket, in the user's private directory: the URL carries the token. */
export function dashboardUrlFile(appRoot: string): string {
  return `${appSocketPath(appRoot)}.dashboard`;
}

export function readDashboardUrl(appRoot: string): string | undefined {
  try {
    return readFileSync(dashboardUrlFile(appRoot), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function startDashboardFor(
  engine: Engine,
  bound: DashboardPort,
  app: {
    readonly location: AppLocation;
    readonly root: string;
    readonly basePort: number;
    readonly runId: string;
    readonly stopTimeoutMs: number;
    /** PTY dynos' terminals, for `hdev attach` (with --pty). */
    readonly attach?: AttachLookup;
    /** Where the URL is told: stderr, or the log when the terminal UI owns the screen. */
    readonly announce: (line: string) => void;
  },
): Promise<Dashboard> {
  const { startDashboard } = await import('../dashboard/server.js');
  const location = app.location;
  const read = (): ReturnType<typeof loadApp> =>
    loadApp({ ...location, procfileOptional: true }, process.env);
  const dashboard = await startDashboard(engine, {
    port: bound.port,
    bound,
    ...(app.attach === undefined ? {} : { attach: app.attach }),
    config: {
      read: () => read().configVars.values,
      set: (vars) => void writeConfigVars(location, vars),
      unset: (keys) => void removeConfigVars(location, keys),
    },
    console: {
      appRoot: app.root,
      shellEnv: process.env,
      basePort: app.basePort,
      runId: app.runId,
      stopGraceMs: Math.min(app.stopTimeoutMs, 5_000),
      processTypes: () => {
        try {
          return read().procfile.types;
        } catch {
          return []; // a broken Procfile: the console still runs commands
        }
      },
    },
  });
  const file = dashboardUrlFile(app.root);
  writeFileSync(file, `${dashboard.url}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  app.announce(`dashboard at ${dashboard.url}`);
  return {
    ...dashboard,
    async close() {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
      await dashboard.close();
    },
  };
}
