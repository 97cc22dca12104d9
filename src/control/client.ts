// The client side of the control socket: what `hdev ps`, `scale`, `restart`, `stop`, `logs`
// and `run` use to reach the `hdev start` running in an app.
import type { Socket } from 'node:net';
import { connect } from 'node:net';
import { HdevError } from '../errors.js';
import type { ControlRequest, LogEntry } from './protocol.js';
import { encode, parseReply } from './protocol.js';
import { ownerRecordPath, readOwnerRecord } from './owner-record.js';

/** Exit code when no `hdev start` runs for the app (as the issue of `heroku ps` on no app). */
const NOT_RUNNING_EXIT_CODE = 1;

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
  /** How long `hdev start` has to show it is alive (default: HDEV_CONTROL_TIMEOUT_MS or 5 s). */
  readonly answerTimeoutMs?: number;
}

/** A live `hdev start` answers `hello` at once; 5 s covers a machine under heavy load. */
const DEFAULT_ANSWER_TIMEOUT_MS = 5_000;

/** The answer deadline: HDEV_CONTROL_TIMEOUT_MS (milliseconds) when set to a number, else 5 s. */
export function answerTimeoutMs(env: Readonly<Record<string, string | undefined>>): number {
  const configured = Number(env.HDEV_CONTROL_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_ANSWER_TIMEOUT_MS;
}

/** The owner exists (its socket accepts connections) but its event loop does not run. */
function notAnswering(path: string, appLabel: string): HdevError {
  const pid = readOwnerRecord(ownerRecordPath(path))?.pid;
  const who = pid === undefined ? 'hdev start' : `hdev start (pid ${pid})`;
  return new HdevError(`${who} for ${appLabel} is not answering: is it suspended (Ctrl-Z)?`, {
    hint: `Resume it with fg${pid === undefined ? '' : ` or kill -CONT ${pid}`}.`,
    exitCode: NOT_RUNNING_EXIT_CODE,
    code: 'hdev-start-not-answering',
  });
}

function notRunning(appLabel: string): HdevError {
  return new HdevError(`no hdev start is running for ${appLabel}`, {
    hint: 'Start the app with `hdev start` in that directory (or pass its directory with -d).',
    exitCode: NOT_RUNNING_EXIT_CODE,
    code: 'no-hdev-start',
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
      // ENOENT: never started here (ENOTDIR: a file where its folder would be); ECONNREFUSED:
      // a socket left by an hdev that was killed; ENOTSOCK: some other file in its place.
      const absent = ['ENOENT', 'ENOTDIR', 'ECONNREFUSED', 'ENOTSOCK'];
      reject(absent.includes(error.code ?? '') ? notRunning(appLabel) : error);
    });
  });
}

/** Id of the `hello` sent ahead of each request: its answer proves `hdev start` is alive. */
const LIVENESS_ID = 0;

/**
 * Sends one request and resolves with its result; streamed log lines go to `onLog`.
 *
 * A suspended `hdev start` (Ctrl-Z) still accepts connections (the kernel does that) but never
 * answers, and a request may rightly take long (a stop waits out the grace period). So a `hello`
 * goes ahead of the request, and only its answer has a deadline.
 */
export async function sendRequest(
  path: string,
  request: ControlRequest,
  options: ClientOptions,
): Promise<unknown> {
  const timeoutMs = options.answerTimeoutMs ?? answerTimeoutMs(process.env);
  let onTimeout = (): void => undefined;
  const timer = setTimeout(() => onTimeout(), timeoutMs);
  const socket = await new Promise<Socket>((resolve, reject) => {
    let timedOut = false;
    onTimeout = () => {
      timedOut = true;
      reject(notAnswering(path, options.appLabel));
    };
    openSocket(path, options.appLabel).then(
      (opened) => (timedOut ? opened.destroy() : resolve(opened)),
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      finish();
    };
    onTimeout = () => settle(() => reject(notAnswering(path, options.appLabel)));
    const onAbort = (): void => settle(() => resolve(undefined));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n')) {
        const reply = parseReply(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (reply === undefined) continue;
        clearTimeout(timer); // alive: the request itself may take as long as it takes
        if (reply.id === LIVENESS_ID && 'ok' in reply && reply.ok) continue; // hello's answer
        if ('event' in reply) {
          const printed = reply.event === 'log' ? options.onLog?.(reply.entries) : undefined;
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
    socket.write(encode({ id: LIVENESS_ID, command: 'hello' }) + encode({ id: 1, ...request }));
  });
}

/**
 * `hdev run` announces its one-off dyno to a running `hdev start`, if any, so `hdev ps` lists
 * it; the listing ends when the returned function closes the connection (or hdev run exits).
 * `onStop` runs when `hdev stop run.N` asks to stop it: `hdev run` signals its own child, so
 * `hdev start` never signals a pid a client named. Never fails: a one-off runs the same with or
 * without `hdev start`.
 */
export async function announceOneOff(
  path: string,
  oneOff: { name: string; dynoCommand: string; pid: number },
  onStop: () => void,
): Promise<() => void> {
  let socket: Socket;
  try {
    socket = await openSocket(path, '');
  } catch {
    return () => undefined;
  }
  socket.on('error', () => undefined);
  socket.unref(); // never keeps hdev run alive
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n')) {
      const reply = parseReply(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      if (reply !== undefined && 'event' in reply && reply.event === 'stop') onStop();
    }
  });
  socket.write(encode({ id: 1, command: 'one-off', ...oneOff }));
  return () => socket.destroy();
}
