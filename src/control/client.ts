// The client side of the control socket: what `hdev ps`, `scale`, `restart`, `stop`, `logs`
// and `run` use to reach the `hdev start` running in an app.
import type { Socket } from 'node:net';
import { connect } from 'node:net';
import { HdevError } from '../errors.js';
import type { ControlRequest, LogEntry } from './protocol.js';
import { encode, parseReply } from './protocol.js';

/** Exit code when no `hdev start` runs for the app (as the issue of `heroku ps` on no app). */
export const NOT_RUNNING_EXIT_CODE = 1;

export interface ClientOptions {
  /** The app directory as the user named it, for messages. */
  readonly appLabel: string;
  /**
   * Called with each batch of streamed log lines (`logs`). A promise means "wait": the socket is
   * not read until it settles, so a stalled stdout holds hdev start's tail back (which then drops
   * lines and says so) instead of growing this process.
   */
  readonly onLog?: (entries: readonly LogEntry[]) => void | Promise<void>;
  /** Ends a streaming request (Ctrl-C on `logs --tail`): resolves the request with undefined. */
  readonly signal?: AbortSignal;
}

function notRunning(appLabel: string): HdevError {
  return new HdevError(`no hdev start is running for ${appLabel}`, {
    hint: 'Start the app with `hdev start` in that directory (or pass its directory with -d).',
    exitCode: NOT_RUNNING_EXIT_CODE,
  });
}

function openSocket(path: string, appLabel: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // ENOENT: never started here; ECONNREFUSED: a socket left by an hdev that was killed.
      reject(
        error.code === 'ENOENT' || error.code === 'ECONNREFUSED' || error.code === 'ENOTSOCK'
          ? notRunning(appLabel)
          : error,
      );
    });
  });
}

/** Sends one request and resolves with its result; streamed log lines go to `onLog`. */
export async function sendRequest(
  path: string,
  request: ControlRequest,
  options: ClientOptions,
): Promise<unknown> {
  const socket = await openSocket(path, options.appLabel);
  return new Promise((resolve, reject) => {
    let buffer = '';
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      finish();
    };
    const onAbort = (): void => settle(() => resolve(undefined));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n')) {
        const reply = parseReply(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (reply === undefined) continue;
        if ('event' in reply) {
          const printed = options.onLog?.(reply.entries);
          if (printed !== undefined) {
            socket.pause();
            void printed.finally(() => socket.resume());
          }
        } else if (reply.ok) settle(() => resolve(reply.result));
        else
          settle(() =>
            reject(
              new HdevError(reply.error.message, {
                exitCode: reply.error.exitCode ?? 1,
                ...(reply.error.hint === undefined ? {} : { hint: reply.error.hint }),
              }),
            ),
          );
      }
    });
    socket.once('close', () =>
      settle(() => reject(new HdevError('hdev start closed the connection', { exitCode: 1 }))),
    );
    socket.on('error', () => undefined); // 'close' follows and reports it
    socket.write(encode({ id: 1, ...request }));
  });
}

/**
 * `hdev run` announces its one-off dyno to a running `hdev start`, if any, so `hdev ps` lists
 * it; the listing ends when the returned function closes the connection (or hdev run exits).
 * Never fails: a one-off runs the same with or without `hdev start`.
 */
export async function announceOneOff(
  path: string,
  oneOff: { name: string; dynoCommand: string; pid: number },
): Promise<() => void> {
  let socket: Socket;
  try {
    socket = await openSocket(path, '');
  } catch {
    return () => undefined;
  }
  socket.on('error', () => undefined);
  socket.unref(); // never keeps hdev run alive
  socket.write(encode({ id: 1, command: 'one-off', ...oneOff }));
  return () => socket.destroy();
}
