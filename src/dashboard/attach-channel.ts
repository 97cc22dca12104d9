// `hdev attach web.1` over the dashboard's WebSocket: the dyno's terminal output out, keystrokes
// in, as in the console (`0` + keys, `1` + a size). Detaching leaves the dyno running.
import type { WebSocket } from 'ws';
import type { PtyAttachment } from '../supervisor/pty-spawner.js';
import { terminalSize } from './console-command.js';
import { rawText } from './events-channel.js';

/** Past this many unsent bytes the attached terminal misses output rather than grow hdev. */
const MAX_BUFFERED_BYTES = 512 * 1024;

export type AttachLookup = (dyno: string) => PtyAttachment | undefined;

export function serveAttach(socket: WebSocket, url: URL, lookup: AttachLookup | undefined): void {
  const dyno = url.searchParams.get('dyno') ?? '';
  const terminal = lookup?.(dyno);
  if (terminal === undefined) {
    const why =
      lookup === undefined
        ? 'hdev start runs no PTY dynos (start it with --pty)'
        : `no running PTY dyno named ${dyno}`;
    socket.close(4404, why);
    return;
  }
  const stopData = terminal.onData((data) => {
    if (socket.readyState === socket.OPEN && socket.bufferedAmount < MAX_BUFFERED_BYTES)
      socket.send(data);
  });
  const stopExit = terminal.onExit(() => socket.close(1000, `${dyno} exited`));
  socket.on('message', (data, isBinary) => {
    const text = rawText(data);
    if (isBinary || text === '') return;
    if (text.startsWith('0')) terminal.write(text.slice(1));
    else if (text.startsWith('1')) {
      try {
        const wanted = JSON.parse(text.slice(1)) as { cols?: unknown; rows?: unknown };
        const size = terminalSize(wanted.cols, wanted.rows);
        terminal.resize(size.cols, size.rows);
      } catch {
        // not a size: ignored
      }
    }
  });
  socket.on('close', () => {
    stopData();
    stopExit();
  });
}
