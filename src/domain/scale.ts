// Scaling a running formation: `hdev scale` takes `heroku ps:scale` arguments (heroku/cli
// src/commands/ps/scale.ts) and answers in Heroku's words.
import { RELEASE_PROCESS_TYPE } from './app-spec.js';
import type { Formation } from './formation.js';
import { describeFormation, quantityBoundHint } from './formation.js';

/** `=` sets a quantity, `+` adds dynos, `-` removes them. */
export type ScaleOp = '=' | '+' | '-';

/** One `web=3`, `worker+1` or `web-1` item. */
export type ScaleChange = { readonly type: string; readonly op: ScaleOp; readonly amount: number };

/** Why a scale request cannot be carried out, and what to write instead. */
export type ScaleError = { readonly ok: false; readonly message: string; readonly hint: string };

export type ParsedScale = { readonly ok: true; readonly changes: ScaleChange[] } | ScaleError;

export type ScaledFormation = { readonly ok: true; readonly formation: Formation } | ScaleError;

/**
 * heroku/cli's item pattern, `^([\w-]+)([=+-]\d+)(?::([\w-]+))?$`, with the sign split from the
 * digits. The optional `:size` (`web=2:Standard-2X`) is accepted and ignored: hdev has no dyno
 * sizes, every dyno is a process on this machine.
 */
const ITEM = /^([\w-]+)([=+-])(\d+)(?::[\w-]+)?$/;

const SYNTAX_HINT =
  'Write `web=2` to set a quantity, `worker+1` to add dynos or `web-1` to remove them; ' +
  'separate items with spaces or commas.';

/**
 * `web=3 worker+1`, also `web=3,worker+1` in one argument. No items is not an error: the caller
 * prints the formation, as `heroku ps:scale` does with no arguments.
 */
export function parseScaleArgs(args: readonly string[]): ParsedScale {
  const items = args.flatMap((arg) => arg.split(/[\s,]+/)).filter((item) => item !== '');
  const changes: ScaleChange[] = [];
  for (const item of items) {
    const change = parseItem(item);
    // heroku/cli drops an item that does not match and scales the rest; a typo that silently
    // does nothing is worse than an error, so hdev refuses the whole request.
    if (change === undefined) {
      return {
        ok: false,
        message: `\`${item}\` is not \`type=N\`, \`type+N\` or \`type-N\``,
        hint: SYNTAX_HINT,
      };
    }
    changes.push(change);
  }
  return { ok: true, changes };
}

function parseItem(item: string): ScaleChange | undefined {
  const match = ITEM.exec(item);
  if (match === null) return undefined;
  const [, type = '', op = '=', digits = '0'] = match;
  return { type, op: op as ScaleOp, amount: Number(digits) };
}

/**
 * Applies the changes in order, so later ones see earlier ones (`web=3 web-1` → web=2). The result
 * has every known type except `release`, in the order given, 0 for types the formation lacks.
 */
export function applyScale(
  formation: Formation,
  changes: readonly ScaleChange[],
  knownTypes: readonly string[],
): ScaledFormation {
  const dynoTypes = knownTypes.filter((type) => type !== RELEASE_PROCESS_TYPE);
  const next = new Map(dynoTypes.map((type) => [type, formation.get(type) ?? 0] as const));
  for (const change of changes) {
    const error = checkType(change.type, dynoTypes);
    if (error !== undefined) return error;
    const quantity = nextQuantity(next.get(change.type) ?? 0, change);
    const bounded = checkQuantity(change, quantity);
    if (bounded !== undefined) return bounded;
    next.set(change.type, quantity);
  }
  return { ok: true, formation: next };
}

function nextQuantity(current: number, change: ScaleChange): number {
  switch (change.op) {
    case '=':
      return change.amount;
    case '+':
      return current + change.amount;
    case '-':
      return current - change.amount;
  }
}

function describeTypes(dynoTypes: readonly string[]): string {
  return dynoTypes.length === 0
    ? 'The Procfile has no process types to scale.'
    : `The Procfile's process types are: ${dynoTypes.join(', ')}.`;
}

function checkType(type: string, dynoTypes: readonly string[]): ScaleError | undefined {
  if (type === RELEASE_PROCESS_TYPE) {
    return {
      ok: false,
      message: '`release` cannot be scaled: it is not a formation process',
      hint: `It runs once in the release phase, before the dynos start. ${describeTypes(dynoTypes)}`,
    };
  }
  if (!dynoTypes.includes(type)) {
    // Heroku's Platform API answers `Couldn't find that process type (worker).`
    return {
      ok: false,
      message: `Couldn't find that process type (\`${type}\`)`,
      hint: describeTypes(dynoTypes),
    };
  }
  return undefined;
}

function checkQuantity(change: ScaleChange, quantity: number): ScaleError | undefined {
  const item = `${change.type}${change.op}${change.amount}`;
  if (quantity < 0) {
    return {
      ok: false,
      message: `\`${item}\` would scale ${change.type} to ${quantity}`,
      hint: `A quantity cannot go below 0; \`${change.type}=0\` stops every ${change.type} dyno.`,
    };
  }
  const boundHint = quantityBoundHint(quantity);
  if (boundHint !== undefined) {
    return {
      ok: false,
      message: `\`${item}\` would scale ${change.type} to ${quantity}`,
      hint: boundHint,
    };
  }
  return undefined;
}

/**
 * `web=2 worker=1`, what `hdev scale` with no arguments prints. Heroku prints `web=1:Basic
 * worker=0:Basic`; hdev has no sizes. Either way the output can be passed back to scale.
 */
export function formatFormation(formation: Formation): string {
  return describeFormation(formation);
}

/**
 * `Scaled to web@3 worker@1`, the platform's log line. Heroku's is `Scaled to web@1:Free by user
 * <email>`; hdev has neither sizes nor users.
 */
export function scaledMessage(formation: Formation): string {
  return ['Scaled to', ...[...formation].map(([type, quantity]) => `${type}@${quantity}`)].join(
    ' ',
  );
}

/**
 * `now running web at 3, worker at 1`. heroku/cli prints `Scaling dynos... done, now running web
 * at 3:Standard-2X, worker at 1:Standard-1X` for the types the command changed; the caller picks
 * which types to pass.
 */
export function scaleSummary(formation: Formation): string {
  const parts = [...formation].map(([type, quantity]) => `${type} at ${quantity}`);
  return `now running ${parts.join(', ')}`;
}
