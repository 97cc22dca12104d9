// How the dyno table shows each value: short, fixed-ish widths, and `–` for what is not known.
import type { DynoState } from '../domain/dyno-state.js';
import type { UiColor } from './dyno-colors.js';

/** Shown for a value not known (yet): a dyno not yet spawned has no pid, a worker no PORT. */
export const UNKNOWN = '–';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MIB = 1024 * 1024;

/**
 * `42s`, `5m 3s`, `2h 5m`, `3d 4h`: the two largest units, floored. A clock that went backwards
 * reads `0s`.
 */
export function formatUptime(elapsedMs: number): string {
  const elapsed = Math.max(0, Math.floor(elapsedMs));
  if (elapsed < MINUTE) return `${Math.floor(elapsed / SECOND)}s`;
  if (elapsed < HOUR) {
    return `${Math.floor(elapsed / MINUTE)}m ${Math.floor((elapsed % MINUTE) / SECOND)}s`;
  }
  if (elapsed < DAY) {
    return `${Math.floor(elapsed / HOUR)}h ${Math.floor((elapsed % HOUR) / MINUTE)}m`;
  }
  return `${Math.floor(elapsed / DAY)}d ${Math.floor((elapsed % DAY) / HOUR)}h`;
}

/** `0.5%`, `12.3%`, `250%` (a process tree can use more than one core). */
export function formatCpu(percent: number | undefined): string {
  if (percent === undefined || !Number.isFinite(percent)) return UNKNOWN;
  const shown = Math.max(0, percent);
  return shown >= 100 ? `${Math.round(shown)}%` : `${shown.toFixed(1)}%`;
}

/** `4.2 MiB` under 10 MiB, whole MiB above: the column stays narrow. */
export function formatMemory(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return UNKNOWN;
  const mib = Math.max(0, bytes) / MIB;
  return mib < 10 ? `${mib.toFixed(1)} MiB` : `${Math.round(mib)} MiB`;
}

export function formatOptional(value: number | undefined): string {
  return value === undefined ? UNKNOWN : String(value);
}

export interface TextStyle {
  readonly color?: UiColor;
  readonly dim?: boolean;
}

/** Starting yellow, up green, crashed red; a dyno going or gone is grey and dim. */
export function stateStyle(state: DynoState): TextStyle {
  switch (state) {
    case 'starting':
      return { color: 'yellow' };
    case 'up':
      return { color: 'green' };
    case 'crashed':
      return { color: 'red' };
    case 'stopping':
    case 'down':
    case 'complete':
      return { color: 'gray', dim: true };
  }
}
