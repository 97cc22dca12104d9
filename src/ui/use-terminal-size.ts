// The terminal's size, kept current across resizes.
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';
import { terminalSize, type TerminalSize } from './layout.js';

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => terminalSize(stdout.columns, stdout.rows));
  useEffect(() => {
    const onResize = (): void => {
      setSize(terminalSize(stdout.columns, stdout.rows));
    };
    // The size may have changed between the first render and this subscription.
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
