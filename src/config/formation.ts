// Formation: the `hdev start` formation arguments (foreman and heroku local syntax), and the
// formation that results from them, the Procfile's process types and app.json.
import { RELEASE_PROCESS_TYPE } from '../domain/app-spec.js';
import type { Diagnostic, Parsed, Severity } from '../domain/diagnostic.js';
import { hasErrors } from '../domain/diagnostic.js';
import type { Formation } from '../domain/formation.js';
import { quantityBoundHint } from '../domain/formation.js';

/** `web=2,worker=1 all=0`: explicit quantities, and `all=N` for every type not listed. */
export interface FormationRequest {
  readonly quantities: ReadonlyMap<string, number>;
  readonly all?: number;
}

/** Diagnostics about arguments have no file; `formation` tells the user what they are about. */
const ARGS = 'formation';
const APP_JSON = 'app.json';
const ALL = 'all';
/** A process type name as the Platform API spells it (`^[-\w]{1,128}$`), then `=N` if any. */
const ITEM = /^([\w-]+)(?:=(.*))?$/;

type Report = (severity: Severity, message: string, hint?: string) => void;

function collector(file: string): { diagnostics: Diagnostic[]; report: Report } {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (severity, message, hint) =>
    diagnostics.push({ severity, file, message, hint });
  return { diagnostics, report };
}

export function parseFormationArgs(args: readonly string[]): Parsed<FormationRequest> {
  const { diagnostics, report } = collector(ARGS);
  const quantities = new Map<string, number>();
  let all: number | undefined;
  const items = args.flatMap((arg) => arg.split(/[\s,]+/)).filter((item) => item !== '');
  if (items.length === 0) report('error', 'no process types given', 'Write `web=1,worker=2`.');
  for (const item of items) {
    const match = ITEM.exec(item);
    if (match === null) {
      report('error', `\`${item}\` is not \`type=N\``, syntaxHint(item));
      continue;
    }
    const [, type = '', count] = match;
    const quantity = count === undefined ? 1 : parseQuantity(item, count, report);
    if (quantity === undefined) continue;
    if (quantities.has(type) || (type === ALL && all !== undefined)) {
      report('error', `\`${type}\` is listed more than once`, `Give each process type once.`);
    } else if (type === ALL) {
      all = quantity;
    } else {
      quantities.set(type, quantity);
    }
  }
  return { value: { quantities, ...(all === undefined ? {} : { all }) }, diagnostics };
}

function syntaxHint(item: string): string {
  const name = /^[\w-]+/.exec(item)?.[0] ?? 'web';
  if (/^[\w-]+\+/.test(item)) return `hdev start takes absolute quantities: write \`${name}=N\`.`;
  return `Write \`${name}=2\`, or just \`${name}\` for one dyno; separate items with commas or spaces.`;
}

function parseQuantity(item: string, count: string, report: Report): number | undefined {
  const quantity = parseWholeQuantity(item, count, report);
  const boundHint = quantity === undefined ? undefined : quantityBoundHint(quantity);
  if (boundHint === undefined) return quantity;
  report('error', `\`${item}\`: too many dynos`, boundHint);
  return undefined;
}

function parseWholeQuantity(item: string, count: string, report: Report): number | undefined {
  const sized = /^(\d+):[\w-]+$/.exec(count);
  if (sized !== null) {
    // `heroku ps:scale web=2:standard-2x`: the size means nothing on this machine.
    report('warning', `\`${item}\`: dyno sizes are not emulated; the size is ignored`);
    return Number(sized[1]);
  }
  if (/^\d+$/.test(count)) return Number(count);
  const why = /^-\d+$/.test(count)
    ? 'a quantity cannot be negative'
    : /^-?\d*\.\d+$/.test(count)
      ? 'a quantity must be a whole number'
      : 'the quantity must be a whole number, 0 or more';
  report(
    'error',
    `\`${item}\`: ${why}`,
    'Write a number of dynos, such as `web=2`, or `web=0` for none.',
  );
  return undefined;
}

/**
 * `types` are the Procfile's types in order. `release` never gets dynos: Heroku runs it once in
 * the release phase. With no request, every other type runs one dyno (as `heroku local` does),
 * app.json quantities first; with a request, only the listed types run, unless `all=N`.
 */
export function resolveFormation(
  types: readonly string[],
  appJsonFormation: ReadonlyMap<string, number> | undefined,
  request: FormationRequest | undefined,
): Parsed<Formation> {
  const dynoTypes = types.filter((type) => type !== RELEASE_PROCESS_TYPE);
  const resolved =
    request === undefined
      ? defaultFormation(dynoTypes, appJsonFormation)
      : requestedFormation(dynoTypes, request);
  const runsNothing = types.length > 0 && [...resolved.value.values()].every((n) => n === 0);
  if (!runsNothing || hasErrors(resolved.diagnostics)) return resolved;
  const warning: Diagnostic = {
    severity: 'warning',
    file: request !== undefined ? ARGS : appJsonFormation !== undefined ? APP_JSON : 'Procfile',
    message: 'this formation starts no dynos',
    hint: 'Give at least one process type a quantity above 0, such as `web=1`.',
  };
  return { value: resolved.value, diagnostics: [...resolved.diagnostics, warning] };
}

function declared(dynoTypes: readonly string[]): string {
  return dynoTypes.length === 0
    ? 'The Procfile declares no dyno types.'
    : `The Procfile declares: ${dynoTypes.join(', ')}.`;
}

function defaultFormation(
  dynoTypes: readonly string[],
  appJson: ReadonlyMap<string, number> | undefined,
): Parsed<Formation> {
  const { diagnostics, report } = collector(APP_JSON);
  for (const type of appJson?.keys() ?? []) {
    if (type === RELEASE_PROCESS_TYPE) {
      report(
        'warning',
        'app.json `formation` lists `release`, which runs in the release phase, not as dynos; ignored',
      );
    } else if (!dynoTypes.includes(type)) {
      report(
        'warning',
        `app.json \`formation\` lists \`${type}\`, which the Procfile does not declare; ignored`,
        declared(dynoTypes),
      );
    }
  }
  const value = new Map(
    dynoTypes.map((type) => {
      const quantity = appJson?.get(type) ?? 1;
      const boundHint = quantityBoundHint(quantity);
      if (boundHint === undefined) return [type, quantity] as const;
      report(
        'error',
        `app.json \`formation.${type}.quantity\` is ${quantity}, too many dynos`,
        boundHint,
      );
      return [type, 0] as const;
    }),
  );
  return { value, diagnostics };
}

function requestedFormation(
  dynoTypes: readonly string[],
  request: FormationRequest,
): Parsed<Formation> {
  const { diagnostics, report } = collector(ARGS);
  for (const type of request.quantities.keys()) {
    if (type === RELEASE_PROCESS_TYPE) {
      report(
        'error',
        '`release` is not a dyno type: it runs once, in the release phase, before the dynos start',
        'Leave it out: hdev start runs the release phase by itself.',
      );
    } else if (!dynoTypes.includes(type)) {
      report('error', `unknown process type \`${type}\``, declared(dynoTypes));
    }
  }
  const value = new Map(
    dynoTypes.map((type) => [type, request.quantities.get(type) ?? request.all ?? 0] as const),
  );
  return { value, diagnostics };
}
