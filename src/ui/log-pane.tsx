// The log pane: the lines chosen by log-window.ts, newest at the bottom, long lines wrapped under
// their text. The rows are laid out by log-rows.ts; ink only ever sees blank rows of fixed widths
// in the rows' colours, and each is filled in with its text as ink writes it (a Transform). Ink
// then measures nothing new per frame, and its caches of measured text stay the few blanks.
import { Box, Text, Transform } from 'ink';
import type { DynoColors } from './dyno-colors.js';
import type { PrefixStyle } from './log-prefix.js';
import { fillBlank, paneRows, textColumns } from './log-rows.js';
import type { ShownLine } from './log-window.js';

export interface LogPaneProps {
  readonly lines: readonly ShownLine[];
  readonly colors: DynoColors;
  readonly prefix: PrefixStyle;
  readonly rows: number;
  readonly columns: number;
  /** Heroku's whole router line rather than the one-row form. */
  readonly fullRouterLines: boolean;
}

/** Blank runs are the same few strings frame after frame: ink measures each once. */
function blanks(columns: number): string {
  return ' '.repeat(Math.max(1, columns));
}

export function LogPane({ lines, colors, prefix, rows, columns, fullRouterLines }: LogPaneProps) {
  return (
    // flex-end: the newest line sits on the bottom row while there are fewer rows than the pane's.
    // Clipped vertically only: a horizontal clip would re-cut every row, which always fits.
    <Box
      flexDirection="column"
      height={rows}
      flexShrink={0}
      overflowY="hidden"
      justifyContent="flex-end"
    >
      {paneRows(lines, colors, prefix, columns, rows, fullRouterLines).map((row, index) => {
        const prefixColumns = textColumns(row.prefix);
        const content = row.prefix + row.text;
        return (
          // Keyed by position: each frame changes what the rows say, not which rows there are.
          <Transform key={index} transform={fillBlank(content)} accessibilityLabel={content}>
            <Text color={row.color}>{blanks(prefixColumns)}</Text>
            <Text dimColor={row.dim} color={row.textColor}>
              {blanks(columns - prefixColumns)}
            </Text>
          </Transform>
        );
      })}
    </Box>
  );
}
