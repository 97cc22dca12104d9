// `hdev ps`: the dynos of the running `hdev start`, as `heroku ps` lists them.
import type { DynoInfo, PsResult } from '../../control/protocol.js';
import { HdevError } from '../../errors.js';
import { formatPs, formatPsAddons, localUtcOffsetMinutes } from '../../output/ps-format.js';
import type { AddonSnapshot } from '../../engine/engine-api.js';
import { request, type ControlLocation } from './request.js';

export async function runPs(
  location: ControlLocation,
  types: readonly string[],
  json: boolean,
): Promise<number> {
  const result = (await request(location, { command: 'ps' })) as PsResult;
  const dynos = result.dynos.filter((dyno) => types.length === 0 || types.includes(dyno.type));
  if (types.length > 0 && dynos.length === 0) {
    throw new HdevError(`no ${types.join(' or ')} dynos on this app`, {
      hint: `Process types: ${result.types.join(', ')}.`,
      exitCode: 1,
    });
  }
  // Asked for some types, `ps` shows those dynos only, as heroku ps does.
  const addons = types.length === 0 ? (result.addons ?? []) : [];
  if (json) {
    const entries = [...dynos.map(psJson), ...addons.map(addonJson)];
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  const now = Date.now();
  const offset = localUtcOffsetMinutes(now);
  process.stdout.write(
    formatPs(dynos, now, offset, result.types) + formatPsAddons(addons, now, offset),
  );
  return 0;
}

/** `hdev ps --json`: Heroku's dyno fields where they exist, plus what a local dyno adds. */
function psJson(dyno: DynoInfo): Record<string, unknown> {
  return {
    name: dyno.name,
    type: dyno.type,
    command: dyno.command,
    state: dyno.state,
    updated_at: new Date(dyno.stateSince).toISOString(),
    release: { version: dyno.release },
    port: dyno.port ?? null,
    pid: dyno.pid ?? null,
    restarts: dyno.restarts,
    one_off: dyno.oneOff,
  };
}

/** An add-on server in `hdev ps --json`: `type: "addon"` sets it apart from the dynos. */
function addonJson(addon: AddonSnapshot): Record<string, unknown> {
  return {
    name: addon.name,
    type: 'addon',
    service: addon.service,
    state: addon.state,
    updated_at: new Date(addon.stateSince).toISOString(),
    port: addon.port ?? null,
    pid: addon.pid ?? null,
    config_vars: addon.configVars,
  };
}
