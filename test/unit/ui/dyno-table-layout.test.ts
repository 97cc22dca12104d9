import { describe, expect, it } from 'vitest';
import {
  dynoCells,
  padCell,
  tableColumns,
  tableWindow,
  type ColumnId,
  type DynoCells,
} from '../../../src/ui/dyno-table-layout.js';
import { T0, dyno } from '../../helpers/fake-engine.js';

const CELLS: DynoCells = {
  name: 'web.1',
  state: 'starting',
  uptime: '5m 3s',
  restarts: '0',
  port: '5001',
  pid: '41234',
  cpu: '12.3%',
  memory: '50 MiB',
};

describe('dynoCells', () => {
  it('formats every value, with – for the unknown ones', () => {
    const cells = dynoCells(
      dyno('web.1', { port: 5001, restarts: 3, cpuPercent: 2, stateSince: T0 }),
      T0 + 42_000,
    );
    expect(cells).toEqual({
      name: 'web.1',
      state: 'up',
      uptime: '42s',
      restarts: '3',
      port: '5001',
      pid: '–',
      cpu: '2.0%',
      memory: '–',
    });
  });
});

describe('tableColumns', () => {
  it.each<[number, readonly ColumnId[]]>([
    [200, ['name', 'state', 'uptime', 'restarts', 'port', 'pid', 'cpu', 'memory']],
    [80, ['name', 'state', 'uptime', 'restarts', 'port', 'pid', 'cpu', 'memory']],
    [60, ['name', 'state', 'uptime', 'restarts', 'port', 'cpu', 'memory']],
    [50, ['name', 'state', 'uptime', 'port', 'cpu', 'memory']],
    [45, ['name', 'state', 'uptime', 'port', 'cpu']],
    [30, ['name', 'state', 'uptime']],
    [10, ['name', 'state']],
  ])('at %i columns shows %j', (width, ids) => {
    expect(tableColumns([CELLS], width).map((column) => column.id)).toEqual(ids);
  });

  it('sizes each column to its widest cell or title', () => {
    const columns = tableColumns([CELLS, { ...CELLS, name: 'release.2817' }], 200);
    expect(Object.fromEntries(columns.map((column) => [column.id, column.width]))).toEqual({
      name: 12,
      state: 8,
      uptime: 6,
      restarts: 8,
      port: 4,
      pid: 5,
      cpu: 5,
      memory: 6,
    });
  });

  it('caps the name column', () => {
    const [name] = tableColumns([{ ...CELLS, name: 'a-very-long-process-type.1' }], 200);
    expect(name?.width).toBe(16);
  });
});

describe('padCell', () => {
  it.each<[string, number, 'left' | 'right', string]>([
    ['up', 5, 'left', 'up   '],
    ['42', 5, 'right', '   42'],
    ['exact', 5, 'left', 'exact'],
    ['too long', 5, 'left', 'too …'],
    ['ab', 1, 'left', 'a'],
  ])('%j in %i %s', (text, width, align, expected) => {
    expect(padCell(text, width, align)).toBe(expected);
  });
});

describe('tableWindow', () => {
  it.each<[number, number, number | undefined, { start: number; end: number }]>([
    [3, 5, 0, { start: 0, end: 3 }],
    [5, 5, 4, { start: 0, end: 5 }],
    [10, 4, 0, { start: 0, end: 4 }],
    [10, 4, 1, { start: 0, end: 4 }],
    [10, 4, 5, { start: 3, end: 7 }],
    [10, 4, 9, { start: 6, end: 10 }],
    [10, 4, undefined, { start: 0, end: 4 }],
    [0, 4, undefined, { start: 0, end: 0 }],
  ])('%i rows in %i, row %s chosen', (count, capacity, selected, expected) => {
    expect(tableWindow(count, capacity, selected)).toEqual(expected);
  });
});
