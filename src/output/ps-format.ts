// `hdev ps`: the dyno list in `heroku ps` layout (heroku/cli src/commands/ps/index.ts, with the
// times of src/lib/time.ts), without dyno sizes or colours.
import { parseDynoName } from '../domain/dyno-name.js';
import type { DynoState } from '../domain/dyno-state.js';
import type { DynoSnapshot } from '../engine/engine-api.js';

/**
 * The part of the engine's dyno that `hdev ps` shows; `stateSince` is what Heroku shows as the
 * dyno's `updated_at`.
 */
export type PsDyno = Pick<
  DynoSnapshot,
  'name' | 'type' | 'command' | 'state' | 'stateSince' | 'oneOff'
>;

/** The lines under one `=== …` header. */
interface PsGroup {
  readonly header: string;
  readonly lines: readonly string[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * heroku/cli's `ago()` counts hours up to 25, not 24 (`elapsed < 60 * 60 * 25`), so a dyno up for a
 * day reads `~ 24h ago`; hdev keeps that. Beyond it heroku/cli shows the date alone; hdev adds
 * whole days (`~ 2d ago`), which reads better in a long-running local session.
 */
const HOURS_UNTIL = 25 * HOUR;

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** strftime's `%z`: `+0000`, `-0500`, `+0530`. */
function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const magnitude = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(magnitude / 60))}${pad2(magnitude % 60)}`;
}

/** strftime's `%Y/%m/%d %H:%M:%S %z`, the clock shifted to the given offset. */
function formatClock(ms: number, utcOffsetMinutes: number): string {
  const shifted = new Date(ms + utcOffsetMinutes * MINUTE);
  const date = [shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate()];
  const time = [shifted.getUTCHours(), shifted.getUTCMinutes(), shifted.getUTCSeconds()];
  return `${date.map(pad2).join('/')} ${time.map(pad2).join(':')} ${formatUtcOffset(utcOffsetMinutes)}`;
}

/** `5m`: floored, as heroku/cli's `ago()` does; a clock that went backwards reads `0s`. */
function formatElapsed(elapsedMs: number): string {
  const elapsed = Math.max(0, elapsedMs);
  if (elapsed < MINUTE) return `${Math.floor(elapsed / SECOND)}s`;
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m`;
  if (elapsed < HOURS_UNTIL) return `${Math.floor(elapsed / HOUR)}h`;
  return `${Math.floor(elapsed / DAY)}d`;
}

/** `2026/11/23 18:00:00 +0000 (~ 5m ago)`. */
export function formatPsTime(ms: number, now: number, utcOffsetMinutes: number): string {
  return `${formatClock(ms, utcOffsetMinutes)} (~ ${formatElapsed(now - ms)} ago)`;
}

/** Heroku has no `stopping`: it reports a dyno being stopped as `down` at once. */
function shownState(state: DynoState): DynoState {
  return state === 'stopping' ? 'down' : state;
}

/** heroku/cli sorts by the number after the dot, so web.2 comes before web.10. */
function byDynoNumber(a: PsDyno, b: PsDyno): number {
  const numberOf = (dyno: PsDyno): number =>
    parseDynoName(dyno.name)?.index ?? Number.POSITIVE_INFINITY;
  const difference = numberOf(a) - numberOf(b);
  if (difference !== 0 && !Number.isNaN(difference)) return difference;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function dynoLine(dyno: PsDyno, now: number, utcOffsetMinutes: number): string {
  return `${dyno.name}: ${shownState(dyno.state)} ${formatPsTime(dyno.stateSince, now, utcOffsetMinutes)}`;
}

function oneOffGroup(dynos: readonly PsDyno[], now: number, offset: number): PsGroup {
  return {
    header: `run: one-off processes (${dynos.length})`,
    lines: [...dynos]
      .sort(byDynoNumber)
      .map((dyno) => `${dynoLine(dyno, now, offset)}: ${dyno.command}`),
  };
}

function typeGroup(type: string, dynos: readonly PsDyno[], now: number, offset: number): PsGroup {
  const command = dynos[0]?.command ?? '';
  return {
    header: `${type}: ${command} (${dynos.length})`,
    lines: [...dynos].sort(byDynoNumber).map((dyno) => dynoLine(dyno, now, offset)),
  };
}

/**
 * Formation types in `typeOrder` (the Procfile's order), then any type not in it (a type the
 * Procfile no longer declares, while its dynos stop) rather than hiding those dynos.
 */
function groupOrder(formationDynos: readonly PsDyno[], typeOrder: readonly string[]): string[] {
  const present = new Set(formationDynos.map((dyno) => dyno.type));
  const extra = [...present].filter((type) => !typeOrder.includes(type));
  return [...typeOrder.filter((type) => present.has(type)), ...extra];
}

/**
 * The whole `hdev ps` text: one-off dynos first, then one group per process type. heroku/cli
 * prints a blank line after every group; hdev puts one only between groups.
 */
export function formatPs(
  dynos: readonly PsDyno[],
  now: number,
  utcOffsetMinutes: number,
  typeOrder: readonly string[],
): string {
  // heroku/cli prints `No dynos on ⬢ app`; hdev runs a single app.
  if (dynos.length === 0) return 'No dynos on this app.\n';
  const oneOffs = dynos.filter((dyno) => dyno.oneOff);
  const formationDynos = dynos.filter((dyno) => !dyno.oneOff);
  const groups: PsGroup[] = [
    ...(oneOffs.length > 0 ? [oneOffGroup(oneOffs, now, utcOffsetMinutes)] : []),
    ...groupOrder(formationDynos, typeOrder).map((type) =>
      typeGroup(
        type,
        formationDynos.filter((dyno) => dyno.type === type),
        now,
        utcOffsetMinutes,
      ),
    ),
  ];
  return `${groups.map((group) => [`=== ${group.header}`, ...group.lines].join('\n')).join('\n\n')}\n`;
}

/** An add-on server as `hdev ps` lists it after the dynos. */
export interface PsAddon {
  /** The attachment (`DATABASE`). */
  readonly name: string;
  readonly service: string;
  readonly state: DynoState;
  readonly stateSince: number;
  readonly port: number | undefined;
}

/**
 * `=== add-ons (2)`, one line per server. Heroku lists add-ons apart (`heroku addons`); hdev
 * also runs them, so `ps` shows whether they are up, in the dyno lines' shape.
 */
export function formatPsAddons(
  addons: readonly PsAddon[],
  now: number,
  utcOffsetMinutes: number,
): string {
  if (addons.length === 0) return '';
  const lines = addons.map(
    (addon) =>
      `${addon.name} (${addon.service}): ${shownState(addon.state)} ${formatPsTime(addon.stateSince, now, utcOffsetMinutes)}${addon.port === undefined ? '' : ` port ${addon.port}`}`,
  );
  return `\n=== add-ons (${addons.length})\n${lines.join('\n')}\n`;
}

/** This machine's UTC offset at `ms`, as `formatPs` takes it (east of UTC is positive). */
export function localUtcOffsetMinutes(ms: number): number {
  // `0 -` rather than unary minus: in UTC the latter gives -0.
  return 0 - new Date(ms).getTimezoneOffset();
}
