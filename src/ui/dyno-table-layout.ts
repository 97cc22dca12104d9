// The dyno table's cells and columns as data: what each cell says, how wide each column is, and
// which columns to drop when the terminal is too narrow for all of them.
import type { DynoSnapshot } from '../engine/engine-api.js';
import { formatCpu, formatMemory, formatOptional, formatUptime } from './dyno-format.js';

export type ColumnId = 'name' | 'state' | 'uptime' | 'restarts' | 'port' | 'pid' | 'cpu' | 'memory';

export type DynoCells = Readonly<Record<ColumnId, string>>;

export interface Column {
  readonly id: ColumnId;
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

interface ColumnSpec {
  readonly id: ColumnId;
  readonly title: string;
  readonly align: 'left' | 'right';
  /** Columns go in rising order when space runs out; name and state always stay. */
  readonly dropOrder: number;
}

const SPECS: readonly ColumnSpec[] = [
  { id: 'name', title: 'DYNO', align: 'left', dropOrder: Number.POSITIVE_INFINITY },
  { id: 'state', title: 'STATE', align: 'left', dropOrder: Number.POSITIVE_INFINITY },
  { id: 'uptime', title: 'UPTIME', align: 'right', dropOrder: 6 },
  { id: 'restarts', title: 'RESTARTS', align: 'right', dropOrder: 2 },
  { id: 'port', title: 'PORT', align: 'right', dropOrder: 5 },
  { id: 'pid', title: 'PID', align: 'right', dropOrder: 1 },
  { id: 'cpu', title: 'CPU', align: 'right', dropOrder: 4 },
  { id: 'memory', title: 'MEM', align: 'right', dropOrder: 3 },
];

/** Space between columns. */
export const COLUMN_GAP = 2;
/** The selection marker before each row (`› ` or two spaces). */
export const MARKER_WIDTH = 2;
/** A longer dyno name is cut: `release.2817` fits, a runaway process type does not widen the table. */
export const MAX_NAME_WIDTH = 16;

export function dynoCells(dyno: DynoSnapshot, now: number): DynoCells {
  return {
    name: dyno.name,
    state: dyno.state,
    uptime: formatUptime(now - dyno.stateSince),
    restarts: String(dyno.restarts),
    port: formatOptional(dyno.port),
    pid: formatOptional(dyno.pid),
    cpu: formatCpu(dyno.cpuPercent),
    memory: formatMemory(dyno.memoryBytes),
  };
}

function rowWidth(columns: readonly Column[]): number {
  return (
    MARKER_WIDTH +
    columns.reduce((sum, column) => sum + column.width, 0) +
    COLUMN_GAP * Math.max(0, columns.length - 1)
  );
}

/** The columns to show for these rows in `available` columns of terminal, in display order. */
export function tableColumns(rows: readonly DynoCells[], available: number): Column[] {
  let columns: Column[] = SPECS.map((spec) => {
    const widest = Math.max(spec.title.length, ...rows.map((row) => row[spec.id].length));
    const width = spec.id === 'name' ? Math.min(widest, MAX_NAME_WIDTH) : widest;
    return { id: spec.id, title: spec.title, width, align: spec.align };
  });
  const byDropOrder = [...SPECS].sort((a, b) => a.dropOrder - b.dropOrder);
  for (const spec of byDropOrder) {
    if (rowWidth(columns) <= available || !Number.isFinite(spec.dropOrder)) break;
    columns = columns.filter((column) => column.id !== spec.id);
  }
  return columns;
}

/** Pads (or cuts, with `…`) a cell to its column's width. */
export function padCell(text: string, width: number, align: 'left' | 'right'): string {
  if (text.length > width)
    return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

/**
 * Which rows to show when only `capacity` fit: a window that keeps the selected row in view,
 * centred where it can be. `end` is exclusive.
 */
export function tableWindow(
  count: number,
  capacity: number,
  selected: number | undefined,
): { readonly start: number; readonly end: number } {
  if (count <= capacity) return { start: 0, end: count };
  const wanted = (selected ?? 0) - Math.floor(capacity / 2);
  const start = Math.max(0, Math.min(wanted, count - capacity));
  return { start, end: start + capacity };
}
