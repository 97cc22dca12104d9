// The control server: `hdev start` listens on the app's unix socket and answers the other
// commands. It owns no process logic; it validates requests and answers them from the engine
// (engine-api.ts), so the terminal UI, the dashboard and the socket steer the app the same way.
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { dirname } from 'node:path';
import { HdevError, INTERNAL_ERROR_EXIT_CODE } from '../errors.js';
import type { Engine } from '../engine/engine-api.js';
import type { LogBatch } from '../logs/log-batch.js';
import type { Release } from '../domain/release.js';
import { isReleaseOutput } from '../releases/release-output.js';
import type { ControlError, ControlRequest, HelloResult, LogEntry, LogFilter } from './protocol.js';
import type { ControlIdentity } from './engine-answers.js';
import { answer } from './engine-answers.js';
import { MAX_MESSAGE_BYTES, encode, parseReply, parseRequest } from './protocol.js';
import { ensurePrivateDirectory } from './socket-path.js';
import { LogTail, entriesOf } from './log-tail.js';
import { LineFramer } from './line-framer.js';
import type { OwnerRecord } from './owner-record.js';
import {
  ownerIsAlive,
  ownerRecordPath,
  processIsStopped,
  processStartTime,
  readOwnerRecord,
  removeOwnerRecord,
  writeOwnerRecord,
} from './owner-record.js';

/**
 * A client that reads its replies slower than it asks (or a `logs --tail` slower than the app
 * logs) is cut off past this backlog: it must not grow hdev's memory without bound.
 */
const MAX_CLIENT_BACKLOG_BYTES = 8 * 1024 * 1024;
/** Requests of one connection being answered at once; reading pauses above this. */
const MAX_IN_FLIGHT = 16;
/** How long to wait for a socket's owner to answer `hello` before calling the socket stale. */
const HELLO_TIMEOUT_MS = 2_000;

/** `web.1` → `web`; `router`, `api` stay as they are. */
export function typeOfDyno(dyno: string): string {
  return dyno.replace(/\.\d+$/, '');
}

export function matchesFilter(
  batch: Pick<LogBatch, 'dyno' | 'source'>,
  filter: LogFilter,
): boolean {
  if (filter.source !== undefined && batch.source !== filter.source) return false;
  if (filter.dyno !== undefined && batch.dyno !== filter.dyno) return false;
  if (filter.type !== undefined && typeOfDyno(batch.dyno) !== filter.type) return false;
  return true;
}

/** The last `count` lines of the retained history that pass the filter. */
export function historyEntries(
  history: readonly LogBatch[],
  filter: LogFilter,
  count: number,
): LogEntry[] {
  if (count === 0) return [];
  const picked: LogEntry[] = [];
  for (let index = history.length - 1; index >= 0 && picked.length < count; index--) {
    const batch = history[index];
    if (batch === undefined || !matchesFilter(batch, filter)) continue;
    const lines = entriesOf(batch);
    picked.unshift(...lines.slice(Math.max(0, lines.length - (count - picked.length))));
  }
  return picked;
}

function asControlError(error: unknown): ControlError {
  if (error instanceof HdevError) {
    const base = { message: error.message, exitCode: error.exitCode };
    return error.hint === undefined ? base : { ...base, hint: error.hint };
  }
  return {
    message: `internal error in hdev start: ${error instanceof Error ? error.message : String(error)}`,
    exitCode: INTERNAL_ERROR_EXIT_CODE,
  };
}

/** Writes one message; a client whose unread replies pass the bound is cut off instead. */
function send(socket: Socket, message: Record<string, unknown>): void {
  if (socket.destroyed) return;
  if (socket.writableLength > MAX_CLIENT_BACKLOG_BYTES) {
    socket.destroy();
    return;
  }
  socket.write(encode(message));
}

/** Asks whoever listens on `path` for its pid; undefined when nobody answers (a stale socket). */
function askRunningPid(path: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let buffer = '';
    const done = (pid: number | undefined): void => {
      socket.destroy();
      clearTimeout(timer);
      resolve(pid);
    };
    const timer = setTimeout(() => done(undefined), HELLO_TIMEOUT_MS);
    socket.once('connect', () => socket.write(encode({ id: 0, command: 'hello' })));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline === -1) return;
      const reply = parseReply(buffer.slice(0, newline));
      const result =
        reply !== undefined && 'result' in reply
          ? (reply.result as Partial<HelloResult>)
          : undefined;
      done(typeof result?.pid === 'number' ? result.pid : -1);
    });
    socket.once('error', () => done(undefined));
  });
}

/** Who holds the socket, recorded next to it (see owner-record.ts). */
export interface SocketOwner {
  readonly runId: string;
  readonly appRoot: string;
}

export class ControlServer {
  readonly #server: Server;
  readonly #clients = new Set<Socket>();
  #listening = false;
  /** The socket file this server created: close() removes that one, never a later owner's. */
  #socketInode: number | undefined;

  constructor(
    private readonly path: string,
    private readonly engine: Engine,
    private readonly identity: ControlIdentity,
  ) {
    this.#server = createServer((socket) => this.#accept(socket));
  }

  /**
   * Takes the app's socket: refuses when the `hdev start` recorded as its owner still exists
   * (even suspended, answering nothing) or another one answers on it; replaces a socket left
   * behind by an hdev that was killed, and returns that one's record (its dynos may live on).
   */
  async listen(uid: number, owner: SocketOwner): Promise<OwnerRecord | undefined> {
    ensurePrivateDirectory(dirname(this.path), uid);
    const recordPath = ownerRecordPath(this.path);
    const previous = readOwnerRecord(recordPath);
    if (previous !== undefined && previous.pid !== process.pid && ownerIsAlive(previous))
      throw this.#alreadyRunning(previous.pid);
    const runningPid = await askRunningPid(this.path);
    if (runningPid !== undefined) throw this.#alreadyRunning(runningPid);
    try {
      unlinkSync(this.path);
    } catch {
      // Nothing was there.
    }
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.path, () => {
        this.#server.removeListener('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      // Two `hdev start`s racing for the same app: the second one loses here.
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw this.#alreadyRunning(-1);
      throw error;
    });
    this.#listening = true;
    chmodSync(this.path, 0o600); // the directory is private already; the socket is too
    this.#socketInode = lstatSync(this.path).ino;
    writeOwnerRecord(recordPath, {
      pid: process.pid,
      startTime: processStartTime(process.pid),
      ...owner,
    });
    return previous?.pid === process.pid ? undefined : previous;
  }

  #alreadyRunning(pid: number): HdevError {
    const suspended = pid > 0 && processIsStopped(pid);
    return new HdevError(
      `hdev start is already running for this app${pid > 0 ? ` (pid ${pid})` : ''}${suspended ? ', suspended' : ''}`,
      {
        hint: suspended
          ? `Resume it with fg (in its terminal) or kill -CONT ${pid}; end it with kill ${pid}.`
          : 'Steer it with `hdev ps`, `hdev scale`, `hdev restart` and `hdev logs`, or stop it first.',
      },
    );
  }

  async close(): Promise<void> {
    for (const client of this.#clients) client.destroy();
    if (!this.#listening) return;
    this.#listening = false;
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    removeOwnerRecord(ownerRecordPath(this.path), process.pid);
    try {
      if (lstatSync(this.path).ino === this.#socketInode) unlinkSync(this.path);
    } catch {
      // Already gone.
    }
  }

  #accept(socket: Socket): void {
    this.#clients.add(socket);
    const cleanups: (() => void)[] = [];
    socket.once('close', () => {
      this.#clients.delete(socket);
      for (const cleanup of cleanups) cleanup();
    });
    socket.on('error', () => socket.destroy());
    const framer = new LineFramer(MAX_MESSAGE_BYTES);
    let inFlight = 0;
    socket.on('data', (chunk: Buffer) => {
      const input = framer.push(chunk);
      if (!input.ok) {
        socket.removeAllListeners('data');
        socket.end(encode({ id: 0, ok: false, error: { message: 'control message too long' } }));
        socket.destroySoon();
        return;
      }
      for (const line of input.lines) {
        if (line.trim() === '') continue;
        inFlight++;
        // A client that asks faster than hdev answers waits: memory stays bounded.
        if (inFlight >= MAX_IN_FLIGHT) socket.pause();
        void this.#handle(socket, line, cleanups).finally(() => {
          inFlight--;
          if (inFlight < MAX_IN_FLIGHT && !socket.destroyed) socket.resume();
        });
      }
    });
  }

  async #handle(socket: Socket, line: string, cleanups: (() => void)[]): Promise<void> {
    const parsed = parseRequest(line);
    if (!parsed.ok) {
      send(socket, { id: 0, ok: false, error: parsed.error });
      return;
    }
    const { id, request } = parsed.value;
    try {
      const result = await this.#dispatch(socket, id, request, cleanups);
      if (result !== undefined) send(socket, { id, ok: true, result });
    } catch (error) {
      send(socket, { id, ok: false, error: asControlError(error) });
    }
  }

  /** The request's result, or undefined when the request streams until the client leaves. */
  async #dispatch(
    socket: Socket,
    id: number,
    request: ControlRequest,
    cleanups: (() => void)[],
  ): Promise<unknown> {
    switch (request.command) {
      case 'one-off':
        cleanups.push(
          this.engine.registerOneOff(
            { name: request.name, command: request.dynoCommand, pid: request.pid },
            () => send(socket, { id, event: 'stop' }),
          ),
        );
        return {};
      case 'logs':
        return this.#logs(socket, id, request, cleanups);
      case 'rollback':
        return this.#streamRelease(socket, id, () => this.engine.rollback(request.version));
      case 'deploy-commit': {
        const { gitDir, commit, gitEnv } = request;
        return this.#streamRelease(socket, id, () =>
          this.engine.deployCommit({ gitDir, commit, gitEnv }),
        );
      }
      default:
        return answer(this.engine, this.identity, request);
    }
  }

  /** A rollback or a pushed deploy: its build and release-phase lines stream, then the release. */
  async #streamRelease(
    socket: Socket,
    id: number,
    work: () => Promise<Release>,
  ): Promise<{ release: Release }> {
    const tail = new LogTail(socket, id);
    const subscription = this.engine.logs((batch) => {
      if (isReleaseOutput(batch)) tail.send(batch);
    });
    try {
      return { release: await work() };
    } finally {
      subscription.unsubscribe();
      await tail.flushed();
    }
  }

  #logs(
    socket: Socket,
    id: number,
    request: Extract<ControlRequest, { command: 'logs' }>,
    cleanups: (() => void)[],
  ): unknown {
    // A client that stops reading gets a bounded backlog, then loses lines and is told (L11).
    const tail = new LogTail(socket, id);
    if (!request.tail) {
      const past = this.engine.logs(() => undefined);
      past.unsubscribe();
      tail.sendNow(historyEntries(past.history, request.filter, request.lines));
      return {};
    }
    // Batches published while the history is being sent are queued behind it, none twice.
    const subscription = this.engine.logs((batch) => {
      if (matchesFilter(batch, request.filter)) tail.send(batch);
    });
    tail.sendNow(historyEntries(subscription.history, request.filter, request.lines));
    cleanups.push(() => subscription.unsubscribe());
    return undefined;
  }
}
