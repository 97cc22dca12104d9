import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { renderTui, type TuiHandle } from '../../../src/ui/render.js';
import { waitFor } from '../../helpers/wait.js';
import { FakeEngine } from '../../helpers/fake-engine.js';
import { plain } from './harness.js';

/** Just enough of a TTY's stdout for ink: it records what is written. */
class FakeStdout extends EventEmitter {
  written = '';
  columns = 80;
  rows = 24;
  constructor(readonly isTTY: boolean) {
    super();
  }
  write(chunk: string | Uint8Array): boolean {
    this.written += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }
}

/** Just enough of a TTY's stdin for ink: keys go in with type(), raw mode is recorded. */
class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  readonly rawModes: boolean[] = [];
  #queue: string[] = [];
  type(data: string): void {
    this.#queue.push(data);
    this.emit('readable');
  }
  read(): string | null {
    return this.#queue.shift() ?? null;
  }
  setRawMode(mode: boolean): this {
    this.rawModes.push(mode);
    return this;
  }
  setEncoding(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
}

const handles: TuiHandle[] = [];

function start(isTTY = true): {
  engine: FakeEngine;
  stdout: FakeStdout;
  stdin: FakeStdin;
  tui: TuiHandle;
} {
  const engine = new FakeEngine();
  const stdout = new FakeStdout(isTTY);
  const stdin = new FakeStdin();
  const tui = renderTui(engine, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  });
  handles.push(tui);
  return { engine, stdout, stdin, tui };
}

afterEach(() => {
  for (const handle of handles.splice(0)) handle.unmount();
});

describe('renderTui', () => {
  it('draws on the alternate screen and gives the terminal back on unmount', async () => {
    const { stdout, stdin, tui } = start();
    await waitFor(() => stdin.rawModes.includes(true), { describe: () => 'raw mode' });
    tui.unmount();
    await tui.waitUntilExit();
    const { written } = stdout;
    expect(written.startsWith('\x1b[?1049h')).toBe(true);
    expect(written.endsWith('\x1b[?1049l')).toBe(true);
    expect(plain(written)).toContain('DYNO');
    expect(stdin.rawModes.at(-1)).toBe(false);
  });

  it('writes no screen switching to a stream that is not a terminal', () => {
    const { stdout, tui } = start(false);
    tui.unmount();
    expect(stdout.written).not.toContain('\x1b[?1049');
  });

  it('asks the engine to quit on Ctrl-C and q, and stays up for the shutdown', async () => {
    const { engine, stdin, stdout } = start();
    await waitFor(() => stdin.rawModes.includes(true), { describe: () => 'raw mode' });
    stdin.type('\x03');
    stdin.type('q');
    await waitFor(() => engine.calls.length === 2, { describe: () => 'two quit calls' });
    expect(engine.calls).toEqual([['requestStop'], ['requestStop']]);
    expect(stdout.written).not.toContain('\x1b[?1049l');
    expect(engine.listenerCount).toBe(2);
  });

  it('unmounts once, and no longer waits for the process to exit', () => {
    const before = process.listenerCount('exit');
    const { engine, tui } = start();
    expect(process.listenerCount('exit')).toBeGreaterThan(before);
    tui.unmount();
    tui.unmount();
    expect(process.listenerCount('exit')).toBe(before);
    expect(engine.listenerCount).toBe(0);
  });
});
