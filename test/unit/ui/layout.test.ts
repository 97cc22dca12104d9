import { describe, expect, it } from 'vitest';
import { computeLayout, terminalSize, type ScreenLayout } from '../../../src/ui/layout.js';

describe('terminalSize', () => {
  it.each<[number | undefined, number | undefined, { columns: number; rows: number }]>([
    [120, 40, { columns: 120, rows: 40 }],
    [undefined, undefined, { columns: 80, rows: 24 }],
    [0, 0, { columns: 80, rows: 24 }],
    [100, undefined, { columns: 100, rows: 24 }],
    [Number.NaN, 30, { columns: 80, rows: 30 }],
  ])('columns %s, rows %s', (columns, rows, expected) => {
    expect(terminalSize(columns, rows)).toEqual(expected);
  });
});

describe('computeLayout', () => {
  it.each<[string, number, number, number, ScreenLayout]>([
    // 23 rows drawn: header 1, table title 1 + 3, log title 1, log 16, footer 1.
    [
      '80×24, 3 dynos',
      24,
      3,
      1,
      { height: 23, tableRows: 3, logRows: 16, footerRows: 1, bodyRows: 21 },
    ],
    [
      'a notice takes a row from the log',
      24,
      3,
      2,
      { height: 23, tableRows: 3, logRows: 15, footerRows: 2, bodyRows: 20 },
    ],
    [
      'many dynos are capped',
      24,
      30,
      1,
      { height: 23, tableRows: 7, logRows: 12, footerRows: 1, bodyRows: 21 },
    ],
    [
      'no dynos still takes a row',
      24,
      0,
      1,
      { height: 23, tableRows: 1, logRows: 18, footerRows: 1, bodyRows: 21 },
    ],
    [
      'a tall terminal',
      60,
      30,
      1,
      { height: 59, tableRows: 22, logRows: 33, footerRows: 1, bodyRows: 57 },
    ],
    [
      'a tiny terminal',
      5,
      3,
      2,
      { height: 4, tableRows: 1, logRows: 1, footerRows: 2, bodyRows: 1 },
    ],
  ])('%s', (_name, rows, dynoCount, footerRows, expected) => {
    expect(computeLayout({ rows, dynoCount, footerRows })).toEqual(expected);
  });

  it.each([10, 16, 24, 40, 100])('fills exactly the %i-row terminal less one', (rows) => {
    for (const dynoCount of [0, 1, 5, 50]) {
      for (const footerRows of [1, 2]) {
        const layout = computeLayout({ rows, dynoCount, footerRows });
        const drawn = 1 + 1 + layout.tableRows + 1 + layout.logRows + layout.footerRows;
        expect(drawn).toBe(rows - 1);
      }
    }
  });
});
