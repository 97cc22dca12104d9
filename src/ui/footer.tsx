// The footer: the search prompt or the key hints, and a line for the engine's notice and the
// shutdown's progress when there is one.
import { Box, Text } from 'ink';
import { FOOTER_HINTS } from './keymap.js';

export interface FooterProps {
  readonly searching: boolean;
  readonly search: string;
  readonly message: string | undefined;
  readonly shuttingDown: boolean;
}

export function Footer({ searching, search, message, shuttingDown }: FooterProps) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {searching ? (
        <Text wrap="truncate-start">
          <Text color="cyan">/</Text>
          {search}
          <Text inverse> </Text>
          <Text dimColor>{'  enter keeps · esc clears'}</Text>
        </Text>
      ) : (
        <Text dimColor wrap="truncate-end">
          {FOOTER_HINTS}
        </Text>
      )}
      {message === undefined ? null : (
        <Text color={shuttingDown ? 'yellow' : undefined} bold={shuttingDown} wrap="truncate-end">
          {message}
        </Text>
      )}
    </Box>
  );
}
