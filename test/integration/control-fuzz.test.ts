// A property test of the control socket: whatever bytes a client sends (random bytes, huge
// lines, deeply nested JSON, wrong types, invalid UTF-8), `hdev start` never crashes, never
// answers with an internal error, keeps its memory bounded, and keeps serving other clients.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app-dir.js';
import { HdevProcess, runHdev, testSocketPath } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { prng } from '../helpers/prng.js';

const SEED = 0x5eed_2026;
const CASES = 150;
const FLOOD_MIB = 128;
const COMMANDS = ['hello', 'ps', 'scale', 'stop', 'releases', 'logs', 'one-off', 'nope', ''];

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

function randomValue(random: Random, depth = 0): unknown {
  const kinds = depth > 3 ? 6 : 8;
  switch (Math.floor(random() * kinds)) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick(random, [0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 42]);
    case 3:
      return pick(random, ['', 'web', 'web=2', 'run.1', 'x'.repeat(5_000), '\u0000\uffff', '🙂']);
    case 4:
      return undefined;
    case 5:
      return pick(random, ['__proto__', 'constructor', 'toString']);
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, () => [
          pick(random, ['v', 'id', 'command', 'args', 'target', 'lines', 'tail', 'filter', 'pid']),
          randomValue(random, depth + 1),
        ]),
      );
  }
}

/** One request-shaped message with random fields: the validator's job. */
function wrongTypes(random: Random): Buffer {
  const message: Record<string, unknown> = {
    v: random() < 0.8 ? 1 : randomValue(random),
    id: random() < 0.7 ? Math.floor(random() * 1000) : randomValue(random),
    command: random() < 0.8 ? pick(random, COMMANDS) : randomValue(random),
  };
  for (const field of ['args', 'target', 'lines', 'tail', 'filter', 'name', 'dynoCommand', 'pid'])
    if (random() < 0.5) message[field] = randomValue(random);
  // Never a real stop or scale of the app's dynos: those are valid requests, not fuzz.
  if (message.command === 'stop' || message.command === 'scale') message.target = 7;
  if (message.command === 'scale') message.args = 'web=0';
  return Buffer.from(`${JSON.stringify(message)}\n`);
}

function randomBytes(random: Random): Buffer {
  const bytes = Buffer.alloc(1 + Math.floor(random() * 4096));
  for (let index = 0; index < bytes.length; index++) bytes[index] = Math.floor(random() * 256);
  return bytes;
}

function invalidUtf8(random: Random): Buffer {
  const head = Buffer.from('{"v":1,"id":3,"command":"ps","x":"');
  const junk = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0xf0, 0x9f, 0x98]);
  return Buffer.concat([head, junk.subarray(Math.floor(random() * 5)), Buffer.from('"}\n')]);
}

function deepJson(random: Random): Buffer {
  const depth = 10_000 + Math.floor(random() * 100_000);
  return Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}\n`);
}

const GENERATORS = [wrongTypes, wrongTypes, randomBytes, invalidUtf8, deepJson];

interface Exchange {
  readonly replies: string[];
}

/** Answered after whatever came before it on the connection: the end of one case. */
const SENTINEL_ID = 424_242;
const SENTINEL = Buffer.from(`\n{"v":1,"id":${SENTINEL_ID},"command":"hello"}\n`);

/** Sends `payload` on a fresh connection and collects the replies up to the sentinel's. */
function exchange(path: string, payload: Buffer, waitMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let text = '';
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ replies: text.split('\n').filter((line) => line !== '') });
    };
    const timer = setTimeout(finish, waitMs);
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (text.includes(`"id":${SENTINEL_ID},`)) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.once('connect', () => socket.write(Buffer.concat([payload, SENTINEL])));
  });
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function psWorks(app: string): Promise<void> {
  const ps = await runHdev(['ps', '--json'], { cwd: app, timeout: 15_000 });
  expect(ps.exitCode, String(ps.stderr)).toBe(0);
}

describe('control socket fuzz', () => {
  it(`survives ${CASES} random messages (seed ${SEED})`, async () => {
    const app = makeApp({ Procfile: 'worker: echo WORKER=$$; exec sleep 1000\n' });
    const hdev = new HdevProcess(
      ['start', '--no-router', '--no-watch', '-p', String(await freeBasePort())],
      { cwd: app },
    );
    await hdev.waitForLine(/WORKER=\d/);
    const pid = hdev.child.pid ?? -1;
    const path = testSocketPath(app);
    const random = prng(SEED);

    for (let index = 0; index < CASES; index++) {
      const generator = pick(random, GENERATORS);
      const { replies } = await exchange(path, generator(random), 2_000);
      for (const reply of replies) {
        expect(reply, `case ${index} (${generator.name})`).not.toMatch(
          /internal error|"exitCode":70/,
        );
      }
    }

    // A line that never ends is cut off at the bound, not kept: of 128 MiB offered, hdev reads
    // about one and ends the connection.
    const rssBeforeFlood = rssKb(pid);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const flood = connect(path);
    let written = 0;
    const closed = new Promise<void>((resolve) => flood.once('close', () => resolve()));
    flood.on('error', () => undefined);
    const pump = (): void => {
      while (written < FLOOD_MIB && !flood.destroyed && flood.write(chunk)) written++;
      if (written < FLOOD_MIB && !flood.destroyed) flood.once('drain', pump);
    };
    flood.once('connect', pump);
    // While the flood runs, other clients are served.
    await psWorks(app);
    await closed;
    expect(written).toBeLessThan(FLOOD_MIB);
    expect(rssKb(pid) - rssBeforeFlood, 'growth during the flood, KiB').toBeLessThan(32 * 1024);

    // A client that asks and never reads its replies is cut off once they pass a bound.
    const greedy = connect(path);
    greedy.on('error', () => undefined);
    greedy.pause();
    await new Promise<void>((resolve) => greedy.once('connect', () => resolve()));
    const cutOff = new Promise<void>((resolve) => greedy.once('close', () => resolve()));
    const ps = Buffer.from('{"v":1,"id":9,"command":"ps"}\n'.repeat(20_000));
    for (let round = 0; round < 4 && !greedy.destroyed; round++) greedy.write(ps);
    await psWorks(app);
    await cutOff;

    expect(hdev.child.exitCode).toBeNull();
    await psWorks(app);
    hdev.signal('SIGINT');
    const { code } = await hdev.waitForExit();
    expect(code).toBe(0);
    hdev.expectNoSurvivors();
  });
});
