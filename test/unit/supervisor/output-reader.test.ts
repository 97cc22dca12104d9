import { PassThrough } from 'node:stream';
import { setImmediate as nextPoll } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LogBus } from '../../../src/logs/log-bus.js';
import {
  OutputReader,
  PARTIAL_LINE_FLUSH_MS,
  PARTIAL_LINE_MAX_WAIT_MS,
} from '../../../src/supervisor/output-reader.js';
import { FakeClock } from '../../helpers/fake-clock.js';

function setup(): { clock: FakeClock; pipe: PassThrough; lines: () => string[] } {
  const clock = new FakeClock();
  const bus = new LogBus();
  const pipe = new PassThrough();
  new OutputReader('web.1', bus, clock).attach(pipe);
  const lines = (): string[] => bus.history().flatMap((batch) => LogBus.splitLines(batch));
  return { clock, pipe, lines };
}

// Chunks are emitted by hand so the test decides exactly where each read falls in the event loop.
const read = (pipe: PassThrough, text: string): boolean => pipe.emit('data', Buffer.from(text));

describe('OutputReader partial lines', () => {
  it('shows a partial line once its pipe has been quiet for the flush delay', async () => {
    const { clock, pipe, lines } = setup();
    read(pipe, 'Password: ');
    await clock.advance(PARTIAL_LINE_FLUSH_MS - 1);
    await nextPoll();
    expect(lines()).toEqual([]);
    await clock.advance(1);
    await nextPoll();
    expect(lines()).toEqual(['Password: ']);
  });

  it('does not cut a line whose rest is read in the same turn as the flush timer fires', async () => {
    // Under a flood the timer phase can run before the poll phase reads the pipe's next chunk.
    const { clock, pipe, lines } = setup();
    read(pipe, 'first half ');
    await clock.advance(PARTIAL_LINE_FLUSH_MS);
    read(pipe, 'second half\n');
    await nextPoll();
    expect(lines()).toEqual(['first half second half']);
  });

  it('keeps waiting while a long line keeps arriving, then flushes once it stops', async () => {
    const { clock, pipe, lines } = setup();
    read(pipe, 'a');
    await clock.advance(PARTIAL_LINE_FLUSH_MS);
    read(pipe, 'b');
    await nextPoll();
    expect(lines()).toEqual([]);
    await clock.advance(PARTIAL_LINE_FLUSH_MS);
    await nextPoll();
    expect(lines()).toEqual(['ab']);
  });
});

describe('OutputReader slow partial lines', () => {
  it('shows a line that keeps growing after PARTIAL_LINE_MAX_WAIT_MS at the latest', async () => {
    const { clock, pipe, lines } = setup();
    const step = PARTIAL_LINE_FLUSH_MS / 2;
    for (
      let waited = 0;
      waited < PARTIAL_LINE_MAX_WAIT_MS + PARTIAL_LINE_FLUSH_MS;
      waited += step
    ) {
      read(pipe, '.');
      await clock.advance(step);
      await nextPoll();
    }
    expect(lines().length).toBeGreaterThan(0);
    expect(lines().join('')).toMatch(/^\.+$/);
  });
});
