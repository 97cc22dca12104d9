// The console's WebSocket: keystrokes in, terminal output out, the PTY's size on request.
// Messages from the page: `0` + keystrokes, or `1` + `{"cols":…,"rows":…}` (xterm.js's fit).
// When the socket closes, the one-off dyno is killed with its process tree; when the dyno's
// command exits, the socket closes with its status in the reason (`exit 0`).
import type { WebSocket } from 'ws';
import type { Engine } from '../engine/engine-api.js';
import { consoleCommand, terminalSize, type NamedCommand } from './console-command.js';
import type { ConsoleSession, ConsoleSettings } from './console-session.js';
import { openConsole } from './console-session.js';
import { rawText } from './events-channel.js';

/** Output is sent as it comes but in one frame per tick, so `yes` cannot flood the socket. */
const OUTPUT_FLUSH_MS = 16;
/** Unsent output past which the PTY is paused until the browser catches up. */
const MAX_BUFFERED_BYTES = 512 * 1024;

export interface ConsoleOptions extends ConsoleSettings {
  /** The Procfile's types now: `worker 42` runs the worker's command. */
  readonly processTypes: () => readonly NamedCommand[];
}

export interface ConsoleRegistry {
  readonly sessions: Set<ConsoleSession>;
}

export async function serveConsole(
  socket: WebSocket,
  url: URL,
  engine: Engine,
  options: ConsoleOptions,
  registry: ConsoleRegistry,
): Promise<void> {
  const command = consoleCommand(url.searchParams.get('command') ?? '', options.processTypes());
  const size = terminalSize(
    Number(url.searchParams.get('cols')),
    Number(url.searchParams.get('rows')),
  );
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    if (pending === '' || socket.readyState !== socket.OPEN) return;
    socket.send(pending);
    pending = '';
  };
  let session: ConsoleSession;
  try {
    session = await openConsole(
      engine,
      options,
      { command, ...size },
      {
        output: (data) => {
          if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return; // the browser is not reading
          pending += data;
          timer ??= setTimeout(flush, OUTPUT_FLUSH_MS);
        },
        exited: (status) => {
          flush();
          socket.close(1000, `exit ${status}`);
        },
      },
    );
  } catch (error) {
    socket.close(
      1011,
      `could not start: ${error instanceof Error ? error.message : String(error)}`.slice(0, 120),
    );
    return;
  }
  registry.sessions.add(session);
  if (socket.readyState === socket.OPEN)
    socket.send(`\x1b[2mRunning \`${command}\` on ${session.name}\x1b[22m\r\n`);
  socket.on('message', (data, isBinary) => {
    const text = rawText(data);
    if (isBinary || text === '') return;
    if (text.startsWith('0')) session.input(text.slice(1));
    else if (text.startsWith('1')) {
      try {
        const wanted = JSON.parse(text.slice(1)) as { cols?: unknown; rows?: unknown };
        const next = terminalSize(wanted.cols, wanted.rows);
        session.resize(next.cols, next.rows);
      } catch {
        // not a size: ignored
      }
    }
  });
  const end = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    void session.close().finally(() => registry.sessions.delete(session));
  };
  if (socket.readyState !== socket.OPEN) end();
  else socket.on('close', end);
}
