// The log pane: the lines chosen by log-window.ts, newest at the bottom. Long lines wrap under
// their text; the pane keeps its height by clipping whatever wrapping pushes past its top.
import { Box, Text } from 'ink';
import type { DynoColors } from './dyno-colors.js';
import { logPrefix, type PrefixStyle } from './log-prefix.js';
import type { ShownLine } from './log-window.js';

export interface LogPaneProps {
  readonly lines: readonly ShownLine[];
  readonly colors: DynoColors;
  readonly prefix: PrefixStyle;
  readonly rows: number;
}

export function LogPane({ lines, colors, prefix, rows }: LogPaneProps) {
  return (
    // flex-end: the newest line sits on the bottom row, and when wrapped lines need more rows than
    // there are, the overflow goes out of the top, where overflow="hidden" cuts it off.
    <Box
      flexDirection="column"
      height={rows}
      flexShrink={0}
      overflow="hidden"
      justifyContent="flex-end"
    >
      {lines.map(({ seq, line }) => {
        const platform = line.source === 'heroku';
        return (
          <Box key={seq} flexShrink={0}>
            <Box flexShrink={0}>
              <Text color={colors.colorOf(line.dyno)}>{logPrefix(line, prefix)}</Text>
            </Box>
            <Text wrap="wrap" dimColor={platform}>
              {line.text === '' ? ' ' : line.text}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
