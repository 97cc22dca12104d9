// The add-on services hdev runs itself, and Heroku's naming rules for them: the add-on's name
// (`postgresql-clear-12345`), its attachments (`DATABASE`, `HEROKU_POSTGRESQL_RED`) and the config
// vars each attachment sets (`<ATTACHMENT>_URL`). Pure: data in, data out.
//
// Heroku (Dev Center "Heroku Postgres", "Heroku Key-Value Store", "Managing Add-ons"): the first
// heroku-postgresql of an app is attached as DATABASE and as HEROKU_POSTGRESQL_<COLOR>, so it
// sets DATABASE_URL and HEROKU_POSTGRESQL_<COLOR>_URL; a second one gets only the colour. The
// first heroku-redis sets REDIS_URL, a later one HEROKU_REDIS_<COLOR>_URL. `--as NAME` attaches
// under NAME alone (NAME_URL).

export type AddonService = 'heroku-postgresql' | 'heroku-redis';

export const ADDON_SERVICES: readonly AddonService[] = ['heroku-postgresql', 'heroku-redis'];

export function isAddonService(service: string): service is AddonService {
  return (ADDON_SERVICES as readonly string[]).includes(service);
}

interface ServiceNaming {
  /** The add-on name's prefix: `postgresql-…`, `redis-…`. */
  readonly namePrefix: string;
  /** The attachment of the first such add-on: DATABASE, REDIS. */
  readonly defaultAttachment: string;
  /** The colour attachments' prefix: HEROKU_POSTGRESQL_, HEROKU_REDIS_. */
  readonly colorPrefix: string;
  /** Heroku's default plan, shown by `hdev addons`. */
  readonly defaultPlan: string;
  /** The log source of its server (`app[postgres]`, as Heroku Postgres logs). */
  readonly logSource: string;
}

export const SERVICE_NAMING: Readonly<Record<AddonService, ServiceNaming>> = {
  'heroku-postgresql': {
    namePrefix: 'postgresql',
    defaultAttachment: 'DATABASE',
    colorPrefix: 'HEROKU_POSTGRESQL_',
    defaultPlan: 'essential-0',
    logSource: 'postgres',
  },
  'heroku-redis': {
    namePrefix: 'redis',
    defaultAttachment: 'REDIS',
    colorPrefix: 'HEROKU_REDIS_',
    defaultPlan: 'mini',
    logSource: 'heroku-redis',
  },
};

/** Heroku Postgres' attachment colours, in the order hdev hands them out. */
export const COLORS = [
  'RED',
  'ORANGE',
  'YELLOW',
  'GREEN',
  'TEAL',
  'BLUE',
  'PURPLE',
  'PINK',
  'AMBER',
  'AQUA',
  'BRONZE',
  'COBALT',
  'COPPER',
  'CRIMSON',
  'GOLD',
  'GRAY',
  'IVORY',
  'JADE',
  'LIME',
  'MAROON',
  'NAVY',
  'OLIVE',
  'ONYX',
  'SILVER',
  'WHITE',
] as const;

const WORDS = [
  'amber',
  'brave',
  'calm',
  'clear',
  'crisp',
  'curly',
  'deep',
  'fair',
  'fluffy',
  'glad',
  'keen',
  'lively',
  'mellow',
  'quiet',
  'rigid',
  'shiny',
  'silent',
  'sleek',
  'sunny',
  'swift',
] as const;

/** `postgresql-shiny-48213`, from two random numbers in [0, 1). */
export function addonName(service: AddonService, pick: number, digits: number): string {
  const word = WORDS[Math.floor(pick * WORDS.length) % WORDS.length] ?? 'clear';
  const number = 10_000 + Math.floor(digits * 90_000);
  return `${SERVICE_NAMING[service].namePrefix}-${word}-${number}`;
}

/** An attachment name as Heroku takes it: upper case, letters, digits and `_`, no digit first. */
export function attachmentNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
    return `${name} is not a valid attachment name: use letters, digits and _, starting with a letter`;
  if (name.toUpperCase().endsWith('_URL'))
    return `${name}: give the attachment name without _URL (--as DATABASE sets DATABASE_URL)`;
  return undefined;
}

/**
 * The attachments of a new add-on of `service`, given every attachment the app already has.
 * `as` (from `--as` or app.json) replaces the default and colour names.
 */
export function newAttachments(
  service: AddonService,
  existing: readonly string[],
  as: string | undefined,
): string[] {
  if (as !== undefined) return [as.toUpperCase()];
  const naming = SERVICE_NAMING[service];
  const taken = new Set(existing);
  const color = COLORS.map((name) => `${naming.colorPrefix}${name}`).find(
    (name) => !taken.has(name),
  );
  const names: string[] = [];
  if (!taken.has(naming.defaultAttachment)) names.push(naming.defaultAttachment);
  // Heroku Redis names a second instance by colour; Heroku Postgres always adds the colour.
  if (color !== undefined && (service === 'heroku-postgresql' || names.length === 0))
    names.push(color);
  return names;
}

export const configVarOf = (attachment: string): string => `${attachment}_URL`;

/** `heroku-postgresql:essential-0` → its service and tier; undefined for a service hdev lacks. */
export function parsePlan(
  plan: string,
): { readonly service: AddonService; readonly tier: string } | undefined {
  const [service = '', tier] = plan.split(':');
  if (!isAddonService(service)) return undefined;
  return { service, tier: tier ?? SERVICE_NAMING[service].defaultPlan };
}

/**
 * The release an attachment makes, as Heroku's API logs it (`app[api]: Attach DATABASE
 * (@ref:postgresql-curly-12345) by user …`) and `heroku releases` describes it.
 */
export function attachDescription(
  record: { readonly name: string; readonly attachments: readonly string[] },
  action: 'Attach' | 'Detach',
): string {
  return `${action} ${record.attachments[0] ?? record.name} (@ref:${record.name})`;
}
