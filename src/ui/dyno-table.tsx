// The dyno table: one row per dyno, the chosen one highlighted, its state in colour.
import { Box, Text } from 'ink';
import type { DynoSnapshot } from '../engine/engine-api.js';
import { stateStyle } from './dyno-format.js';
import {
  COLUMN_GAP,
  dynoCells,
  padCell,
  tableColumns,
  tableWindow,
  type Column,
} from './dyno-table-layout.js';

export interface DynoTableProps {
  readonly dynos: readonly DynoSnapshot[];
  readonly selected: number | undefined;
  readonly now: number;
  readonly width: number;
  /** Rows for dynos; with more dynos the table scrolls to keep the chosen one in view. */
  readonly rows: number;
}

const GAP = ' '.repeat(COLUMN_GAP);

function TitleRow({ columns, note }: { columns: readonly Column[]; note: string }) {
  const titles = columns.map((column) => padCell(column.title, column.width, column.align));
  return (
    <Text bold wrap="truncate-end">
      {'  '}
      {titles.join(GAP)}
      <Text dimColor>{note}</Text>
    </Text>
  );
}

export function DynoTable({ dynos, selected, now, width, rows }: DynoTableProps) {
  const cells = dynos.map((dyno) => dynoCells(dyno, now));
  const columns = tableColumns(cells, width);
  const { start, end } = tableWindow(dynos.length, rows, selected);
  const note = end - start < dynos.length ? `${GAP}${start + 1}–${end} of ${dynos.length}` : '';
  return (
    <Box flexDirection="column" height={rows + 1} flexShrink={0}>
      <TitleRow columns={columns} note={note} />
      {dynos.length === 0 ? <Text dimColor>{'  no dynos running'}</Text> : null}
      {dynos.slice(start, end).map((dyno, offset) => {
        const index = start + offset;
        const row = cells[index];
        if (row === undefined) return null;
        const isSelected = index === selected;
        const style = stateStyle(dyno.state);
        return (
          <Text key={dyno.name} inverse={isSelected} wrap="truncate-end">
            {isSelected ? '› ' : '  '}
            {columns.map((column, at) => {
              const text = padCell(row[column.id], column.width, column.align);
              const gap = at === 0 ? '' : GAP;
              return column.id === 'state' ? (
                <Text key={column.id}>
                  {gap}
                  <Text color={style.color} dimColor={style.dim === true}>
                    {text}
                  </Text>
                </Text>
              ) : (
                <Text key={column.id}>
                  {gap}
                  {text}
                </Text>
              );
            })}
          </Text>
        );
      })}
    </Box>
  );
}
