// renderTui: puts the terminal UI on the screen. The engine owns the app's life: keys ask it to
// quit, and the caller unmounts the UI once the shutdown is over.
import { render } from 'ink';
import { App } from './app.js';
import type { Engine } from '../engine/engine-api.js';

export interface TuiIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
}

export interface TuiHandle {
  /** Settles once the UI is unmounted. */
  waitUntilExit(): Promise<void>;
  /** Takes the UI down and gives the terminal back as it was; safe to call more than once. */
  unmount(): void;
}

/** The terminal's alternate screen: the UI draws there, and the shell's screen comes back after. */
const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';

export function renderTui(engine: Engine, io: TuiIo): TuiHandle {
  const { stdout, stdin } = io;
  // Only a terminal has an alternate screen; written to a pipe the codes would be noise.
  const alternateScreen = stdout.isTTY;
  if (alternateScreen) stdout.write(ENTER_ALTERNATE_SCREEN);
  const instance = render(<App engine={engine} />, {
    stdout,
    stdin,
    // Ctrl-C is a key like `q`: it asks the engine for a graceful shutdown (a second one kills),
    // rather than ink unmounting the UI while the dynos still run.
    exitOnCtrlC: false,
    patchConsole: false,
  });

  let unmounted = false;
  const unmount = (): void => {
    if (unmounted) return;
    unmounted = true;
    process.off('exit', unmount);
    // ink shows the cursor again and takes stdin out of raw mode as it unmounts.
    instance.unmount();
    if (alternateScreen) stdout.write(LEAVE_ALTERNATE_SCREEN);
  };
  // The last resort, should the process end without the caller unmounting (an uncaught error):
  // ink's own exit hook restores raw mode and the cursor, but not the alternate screen, and a
  // shell left on it looks empty. Only synchronous work runs in 'exit', which all of this is.
  process.on('exit', unmount);

  return {
    waitUntilExit: async () => {
      await instance.waitUntilExit();
    },
    unmount,
  };
}
