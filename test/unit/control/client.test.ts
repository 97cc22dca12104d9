import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerTimeoutMs, sendRequest } from '../../../src/control/client.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A unix-socket server in a temp dir that answers each connection as `onLine` says. */
async function fakeServer(onLine: (socket: Socket, line: string) => void): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hdev-client-'));
  const path = join(dir, 'app.sock');
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let buffer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) onLine(socket, line);
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return path;
}

describe('sendRequest', () => {
  it('gives up on an hdev start that accepts the connection but never answers', async () => {
    const path = await fakeServer(() => undefined);
    const started = Date.now();
    await expect(
      sendRequest(path, { command: 'ps' }, { appLabel: 'app', answerTimeoutMs: 200 }),
    ).rejects.toThrow(/hdev start for app is not answering: is it suspended \(Ctrl-Z\)\?/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('marks an hdev start that never answers with a code, not only words', async () => {
    const path = await fakeServer(() => undefined);
    await expect(
      sendRequest(path, { command: 'ps' }, { appLabel: 'app', answerTimeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'hdev-start-not-answering', exitCode: 1 });
  });

  it.each([
    ['no socket at all', (dir: string) => join(dir, 'missing.sock')],
    ['a path that is not a socket', (dir: string) => join(dir, 'plain-file')],
  ])('says no hdev start runs, with its code, for %s', async (_, pathIn) => {
    const dir = mkdtempSync(join(tmpdir(), 'hdev-client-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'plain-file'), '');
    await expect(
      sendRequest(pathIn(dir), { command: 'ps' }, { appLabel: 'app' }),
    ).rejects.toMatchObject({
      code: 'no-hdev-start',
      exitCode: 1,
      message: 'no hdev start is running for app',
    });
  });

  it('has no deadline once hdev start has answered (a stop may take the grace period)', async () => {
    const path = await fakeServer((socket, line) => {
      const { id } = JSON.parse(line) as { id: number };
      if (id === 0) socket.write('{"v":1,"id":0,"ok":true,"result":{}}\n');
      else setTimeout(() => socket.write(`{"v":1,"id":${id},"ok":true,"result":"late"}\n`), 400);
    });
    await expect(
      sendRequest(path, { command: 'ps' }, { appLabel: 'app', answerTimeoutMs: 100 }),
    ).resolves.toBe('late');
  });

  it('reports an error hdev start sends for a message it could not read', async () => {
    const path = await fakeServer((socket) =>
      socket.write('{"v":1,"id":0,"ok":false,"error":{"message":"speaks v2","exitCode":2}}\n'),
    );
    await expect(
      sendRequest(path, { command: 'ps' }, { appLabel: 'app', answerTimeoutMs: 5_000 }),
    ).rejects.toThrow('speaks v2');
  });
});

describe('answerTimeoutMs', () => {
  it.each<[string | undefined, number]>([
    [undefined, 5_000],
    ['250', 250],
    ['0', 5_000],
    ['soon', 5_000],
  ])('HDEV_CONTROL_TIMEOUT_MS=%s → %d ms', (value, expected) => {
    expect(answerTimeoutMs({ HDEV_CONTROL_TIMEOUT_MS: value })).toBe(expected);
  });
});
