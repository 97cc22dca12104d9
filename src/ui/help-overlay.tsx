// The help overlay (`?`): every key, in place of the dyno table and the log while it is open.
import { Box, Text } from 'ink';
import { KEY_HELP } from './keymap.js';

export interface HelpOverlayProps {
  readonly rows: number;
}

const KEYS_WIDTH = Math.max(...KEY_HELP.map((entry) => entry.keys.length));

export function HelpOverlay({ rows }: HelpOverlayProps) {
  return (
    <Box
      flexDirection="column"
      height={rows}
      flexShrink={0}
      overflow="hidden"
      borderStyle="round"
      paddingX={1}
    >
      <Text bold>Keys</Text>
      {KEY_HELP.map((entry) => (
        <Text key={entry.keys} wrap="truncate-end">
          <Text color="cyan">{entry.keys.padEnd(KEYS_WIDTH)}</Text>
          {'  '}
          {entry.does}
        </Text>
      ))}
    </Box>
  );
}
