// The page's live feed over one WebSocket: the engine's snapshot (dyno table, formation, deploy
// phase) and the log, each sent at most a few times a second however fast things change.
import type { RawData, WebSocket } from 'ws';
import type { LogFilter } from '../control/protocol.js';
import type { Engine, EngineSnapshot } from '../engine/engine-api.js';
import type { Subscription } from '../engine/engine-api.js';
import type { LogBatch } from '../logs/log-batch.js';
import type { LogRelayLimits, LogRequest } from './log-relay.js';
import { DEFAULT_LOG_LIMITS, LogRelay } from './log-relay.js';

/** The page's updates: four a second at most (a flood of changes costs four renders). */
export const UPDATE_INTERVAL_MS = 250;
/** Past this many unsent bytes the browser is not keeping up: logs wait (bounded) until it does. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** The snapshot as JSON (the formation is a Map), with the server's clock for uptimes. */
export function snapshotMessage(snapshot: EngineSnapshot, now: number): Record<string, unknown> {
  return { kind: 'snapshot', now, ...snapshot, formation: [...snapshot.formation] };
}

function parseFilter(value: unknown): LogFilter {
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const field = record[key];
    return typeof field === 'string' && field !== '' && field.length < 100 ? field : undefined;
  };
  const source = text('source');
  return {
    ...(text('dyno') === undefined ? {} : { dyno: text('dyno') }),
    ...(text('type') === undefined ? {} : { type: text('type') }),
    ...(source === 'app' || source === 'heroku' ? { source } : {}),
  };
}

/** `{"kind":"logs","filter":{…},"lines":200}` from the page, or undefined. */
export function parseLogRequest(text: string): LogRequest | undefined {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null) return undefined;
  const record = message as Record<string, unknown>;
  if (record.kind !== 'logs') return undefined;
  const lines =
    typeof record.lines === 'number' && record.lines >= 0 ? Math.floor(record.lines) : 200;
  return { filter: parseFilter(record.filter), lines };
}

/** A WebSocket message's text (ws hands over a Buffer, or fragments). */
export function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

export function serveEvents(
  socket: WebSocket,
  engine: Engine,
  limits: LogRelayLimits = DEFAULT_LOG_LIMITS,
): void {
  const relay = new LogRelay(limits);
  let snapshotDue = true;
  let logs: Subscription<LogBatch> | undefined;
  const subscribe = (request: LogRequest): void => {
    logs?.unsubscribe();
    logs = engine.logs((batch) => relay.offer(batch));
    relay.restart(request, logs.history);
  };
  subscribe({ filter: {}, lines: 200 });
  const stopChanges = engine.onChange(() => (snapshotDue = true));

  const tick = setInterval(() => {
    if (socket.readyState !== socket.OPEN) return;
    if (snapshotDue) {
      snapshotDue = false;
      socket.send(JSON.stringify(snapshotMessage(engine.snapshot(), Date.now())));
    }
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    const message = relay.take();
    if (message !== undefined) socket.send(JSON.stringify(message));
  }, UPDATE_INTERVAL_MS);

  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const request = parseLogRequest(rawText(data));
    if (request !== undefined) subscribe(request);
  });
  socket.on('close', () => {
    clearInterval(tick);
    stopChanges();
    logs?.unsubscribe();
  });
}
