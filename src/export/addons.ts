// app.json `addons`: the backing services an app declares (heroku-postgresql, heroku-redis).
// hdev's app.json reader does not keep them, so export reads them here, from the same text.
import type { Diagnostic, Parsed } from '../domain/diagnostic.js';

export interface Addon {
  /** As written: `heroku-postgresql:essential-0`. */
  readonly plan: string;
  /** The add-on service, the plan without its `:tier`: `heroku-postgresql`. */
  readonly service: string;
  /** The config var Heroku sets when the add-on is attached: `DATABASE_URL`, `REDIS_URL`. */
  readonly configVar: string | undefined;
}

/** The config var each known service sets on Heroku when attached with its default name. */
const DEFAULT_CONFIG_VARS: Readonly<Record<string, string>> = {
  'heroku-postgresql': 'DATABASE_URL',
  'heroku-redis': 'REDIS_URL',
};

/**
 * app.json `addons` entries are strings (`"heroku-postgresql:essential-0"`) or objects
 * (`{ "plan": "heroku-postgresql", "as": "ANALYTICS" }`); `as` names the attachment, and Heroku
 * then sets `ANALYTICS_URL` instead of the default config var.
 */
export function parseAddons(appJsonText: string | undefined, file: string): Parsed<Addon[]> {
  if (appJsonText === undefined) return { value: [], diagnostics: [] };
  let json: unknown;
  try {
    json = JSON.parse(appJsonText);
  } catch {
    return { value: [], diagnostics: [] }; // the app.json reader has reported it
  }
  const entries = isRecord(json) ? json.addons : undefined;
  if (entries === undefined) return { value: [], diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const report = (message: string): void => {
    diagnostics.push({
      severity: 'warning',
      file,
      message,
      hint: 'Write `"addons": ["heroku-postgresql"]` or `[{ "plan": "heroku-redis", "as": "CACHE" }]`.',
    });
  };
  if (!Array.isArray(entries)) {
    report('app.json `addons` must be an array; ignored by export');
    return { value: [], diagnostics };
  }
  const value: Addon[] = [];
  for (const entry of entries as unknown[]) {
    const addon = readAddon(entry);
    if (addon === undefined)
      report(`app.json \`addons\` entry ${JSON.stringify(entry)} is not an add-on plan; ignored`);
    else value.push(addon);
  }
  return { value, diagnostics };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readAddon(entry: unknown): Addon | undefined {
  const plan = typeof entry === 'string' ? entry : isRecord(entry) ? entry.plan : undefined;
  if (typeof plan !== 'string' || plan.trim() === '') return undefined;
  const as = isRecord(entry) && typeof entry.as === 'string' ? entry.as : undefined;
  const service = plan.split(':')[0] ?? plan;
  const configVar =
    as !== undefined
      ? `${as.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}_URL`
      : DEFAULT_CONFIG_VARS[service];
  return { plan, service, configVar };
}
