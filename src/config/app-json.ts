// app.json parser: the parts of Heroku's app.json schema a local run uses (name, formation, env,
// buildpacks, addons, scripts.postdeploy).
import type { AppJson, AppJsonEnvVar } from '../domain/app-spec.js';
import { addonRequest, type AddonRequest } from '../domain/addon.js';
import type { Diagnostic, Parsed } from '../domain/diagnostic.js';

type Json = Readonly<Record<string, unknown>>;
type Report = (message: string, hint?: string) => void;

export function parseAppJson(text: string, file: string): Parsed<AppJson | undefined> {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (message, hint) =>
    diagnostics.push({ severity: 'error', file, message, hint });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = 'Fix the JSON syntax (no comments, no trailing commas, double-quoted names).';
    diagnostics.push({
      severity: 'error',
      file,
      ...jsonErrorPosition(text, message),
      message: `invalid JSON: ${message}`,
      hint,
    });
    return { value: undefined, diagnostics };
  }
  if (!isObject(json)) {
    report('app.json must hold a JSON object', 'Write it as `{ "name": "my-app", ... }`.');
    return { value: undefined, diagnostics };
  }
  const name = readName(json, report);
  const value: AppJson = {
    ...(name === undefined ? {} : { name }),
    formation: readFormation(json.formation, report),
    env: readEnv(json.env, report),
    ...readExtras(json, report),
  };
  return { value, diagnostics };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON.parse reports `… in JSON at position 12` (Node 20), with `(line 3 column 1)` appended on
 * Node 22 and later; `Unexpected end of JSON input` means the end of the text. Other messages
 * (`Unexpected token '}', "…" is not valid JSON`) carry no position.
 */
export function jsonErrorPosition(
  text: string,
  message: string,
): { line?: number; column?: number } {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn !== null) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  const offset =
    position !== null
      ? Number(position[1])
      : /end of JSON input/.test(message)
        ? text.length
        : undefined;
  if (offset === undefined) return {};
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

function readName(json: Json, report: Report): string | undefined {
  if (json.name === undefined || typeof json.name === 'string') return json.name;
  report('app.json `name` must be a string; ignored');
  return undefined;
}

function readFormation(formation: unknown, report: Report): Map<string, number> {
  const quantities = new Map<string, number>();
  if (formation === undefined) return quantities;
  if (!isObject(formation)) {
    report(
      'app.json `formation` must be an object; ignored',
      'Write it as `"formation": { "web": { "quantity": 1 } }`.',
    );
    return quantities;
  }
  for (const [type, entry] of Object.entries(formation)) {
    const quantity = isObject(entry) ? entry.quantity : undefined;
    const size = isObject(entry) ? entry.size : undefined;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0) {
      report(
        `app.json \`formation.${type}.quantity\` must be a whole number of dynos, 0 or more; ignored`,
        `Write \`"${type}": { "quantity": 1 }\`.`,
      );
    } else if (size !== undefined && typeof size !== 'string') {
      report(`app.json \`formation.${type}.size\` must be a string, such as "basic"; ignored`);
    } else {
      quantities.set(type, quantity);
    }
  }
  return quantities;
}

function readEnv(env: unknown, report: Report): Map<string, AppJsonEnvVar> {
  const vars = new Map<string, AppJsonEnvVar>();
  if (env === undefined) return vars;
  if (!isObject(env)) {
    report(
      'app.json `env` must be an object; ignored',
      'Write it as `"env": { "SECRET_KEY": { "generator": "secret" } }`.',
    );
    return vars;
  }
  for (const [key, entry] of Object.entries(env)) {
    const spec = readEnvVar(key, entry, report);
    if (spec !== undefined) vars.set(key, spec);
  }
  return vars;
}

/** A string is the value; an object may say `description`, `value`, `required` and `generator`. */
function readEnvVar(key: string, entry: unknown, report: Report): AppJsonEnvVar | undefined {
  if (typeof entry === 'string') return { required: true, value: entry };
  const where = `app.json \`env.${key}\``;
  if (!isObject(entry)) {
    report(
      `${where} must be a string or an object; ignored`,
      `Write \`"${key}": { "description": "…", "required": true }\`.`,
    );
    return undefined;
  }
  const { description, value, required = true, generator } = entry;
  const wrong = [
    description !== undefined && typeof description !== 'string'
      ? '`description` must be a string'
      : undefined,
    value !== undefined && typeof value !== 'string' ? '`value` must be a string' : undefined,
    typeof required !== 'boolean' ? '`required` must be true or false' : undefined,
    generator !== undefined && generator !== 'secret'
      ? '`generator` can only be "secret"'
      : undefined,
  ].filter((problem) => problem !== undefined);
  if (wrong.length > 0) {
    report(`${where}: ${wrong.join(', ')}; ignored`);
    return undefined;
  }
  return {
    required: required !== false,
    ...(typeof value === 'string' ? { value } : {}),
    ...(typeof description === 'string' ? { description } : {}),
    ...(generator === 'secret' ? { generator } : {}),
  };
}

/** `buildpacks`, `addons` and `scripts.postdeploy` (Dev Center: app.json Schema). */
function readExtras(
  json: Json,
  report: Report,
): Pick<AppJson, 'buildpacks' | 'addons' | 'postdeploy'> {
  const buildpacks = readList(json.buildpacks, 'buildpacks', report, (entry) =>
    isObject(entry) && typeof entry.url === 'string' ? entry.url : undefined,
  );
  const addons = readList(json.addons, 'addons', report, readAddon);
  const scripts = isObject(json.scripts) ? json.scripts : undefined;
  if (json.scripts !== undefined && scripts === undefined)
    report('app.json `scripts` must be an object; ignored');
  const postdeploy = scripts?.postdeploy;
  if (postdeploy !== undefined && typeof postdeploy !== 'string')
    report('app.json `scripts.postdeploy` must be a command string; ignored');
  return {
    ...(buildpacks === undefined ? {} : { buildpacks }),
    ...(addons === undefined ? {} : { addons }),
    ...(typeof postdeploy === 'string' && postdeploy.trim() !== '' ? { postdeploy } : {}),
  };
}

/** `"heroku-postgresql"`, or `{ "plan": "heroku-redis:mini", "as": "CACHE" }`. */
function readAddon(entry: unknown): AddonRequest | undefined {
  const plan = typeof entry === 'string' ? entry : isObject(entry) ? entry.plan : undefined;
  if (typeof plan !== 'string' || plan.trim() === '') return undefined;
  const as = isObject(entry) && typeof entry.as === 'string' ? entry.as : undefined;
  return addonRequest(plan.trim(), as);
}

function readList<Item>(
  value: unknown,
  key: string,
  report: Report,
  item: (entry: unknown) => Item | undefined,
): Item[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    report(`app.json \`${key}\` must be a list; ignored`);
    return undefined;
  }
  const items: Item[] = [];
  value.forEach((entry: unknown, index) => {
    const read = item(entry);
    if (read === undefined) report(`app.json \`${key}[${index}]\` is not understood; ignored`);
    else items.push(read);
  });
  return items;
}
