// An add-on an app declares (app.json `addons`): Heroku "attaches" it and sets a config var
// pointing at it (Dev Center "Add-ons": heroku-postgresql sets DATABASE_URL, heroku-redis
// REDIS_URL; `as: NAME` sets NAME_URL instead).

export interface AddonRequest {
  /** As written: `heroku-postgresql:essential-0`. */
  readonly plan: string;
  /** The add-on service, the plan without its `:tier`: `heroku-postgresql`. */
  readonly service: string;
  /** The config var Heroku sets when it is attached; undefined for a service hdev does not know. */
  readonly configVar: string | undefined;
  /** The attachment name given with `as`, if any. */
  readonly as?: string;
}

/** The config var each well-known service sets when attached under its default name. */
const DEFAULT_CONFIG_VARS: Readonly<Record<string, string>> = {
  'heroku-postgresql': 'DATABASE_URL',
  'heroku-redis': 'REDIS_URL',
  'heroku-kafka': 'KAFKA_URL',
  memcachier: 'MEMCACHIER_SERVERS',
  papertrail: 'PAPERTRAIL_API_TOKEN',
  sendgrid: 'SENDGRID_API_KEY',
  cloudamqp: 'CLOUDAMQP_URL',
};

/** `heroku-postgresql:essential-0` (with an optional attachment name) → its request. */
export function addonRequest(plan: string, as?: string): AddonRequest {
  const service = plan.split(':')[0] ?? plan;
  const configVar =
    as !== undefined
      ? `${as.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}_URL`
      : DEFAULT_CONFIG_VARS[service];
  return { plan, service, configVar, ...(as === undefined ? {} : { as }) };
}
