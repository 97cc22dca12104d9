// A stdout nobody reads (a paused `less`, a stalled `tee`) must neither grow hdev's memory nor
// block the dynos: hdev drops what it cannot hold and says so with Heroku's L10 line.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, makeApp } from '../helpers/app-dir.js';
import { HDEV_BIN, HdevProcess, testEnv } from '../helpers/hdev.js';
import { freeBasePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const MIB = 1024 * 1024;

/** Resident memory of a process, from /proc; undefined once it is gone. */
function rssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * RSS samples of one process during a flood. Bounded means flat: the peak of the flood's second
 * half is within a margin of the first half's (an unbounded buffer grew ~190 MB/s), and below a
 * ceiling. The ceiling is not tight because Node's own heap sizing differs by version (Node 24
 * settles near 150 MiB where Node 20 stays near 95 MiB, both flat).
 */
class RssSamples {
  readonly #samples: { at: number; bytes: number }[] = [];
  constructor(private readonly pid: number) {}

  sample(): void {
    const bytes = rssBytes(this.pid);
    if (bytes !== undefined) this.#samples.push({ at: Date.now(), bytes });
  }

  expectBounded(): void {
    const first = this.#samples[0]?.at ?? 0;
    const last = this.#samples.at(-1)?.at ?? 0;
    const middle = first + (last - first) / 2;
    const peak = (samples: { bytes: number }[]): number =>
      Math.max(0, ...samples.map((sample) => sample.bytes));
    const early = peak(this.#samples.filter((sample) => sample.at <= middle));
    const late = peak(this.#samples.filter((sample) => sample.at > middle));
    expect(this.#samples.length).toBeGreaterThan(4);
    expect(Math.max(early, late)).toBeLessThan(256 * MIB);
    expect(late).toBeLessThan(early + 48 * MIB);
  }
}

function readCount(path: string): { written: number; done: boolean } {
  try {
    const [written, done] = readFileSync(path, 'utf8').split(' ');
    return { written: Number(written ?? '0') || 0, done: done === 'done' };
  } catch {
    return { written: 0, done: false };
  }
}

describe('hdev start: a stdout that stops reading', () => {
  it('keeps memory bounded, keeps the dyno writing, and reports the drop with L10', async () => {
    const app = makeApp({ Procfile: `flood: node ${fixture('flood.mjs')}\n` });
    const countFile = join(app, 'count');
    const hdev = new HdevProcess(
      ['start', '--no-router', '--no-watch', '-p', String(await freeBasePort())],
      { cwd: app, env: { COUNT_FILE: countFile, FLOOD_MS: '6000' } },
    );
    hdev.pauseStdout();
    const rss = new RssSamples(hdev.child.pid ?? -1);
    const flooded = await waitFor(
      () => {
        rss.sample();
        const count = readCount(countFile);
        return count.done ? count : undefined;
      },
      { timeoutMs: 30_000, describe: () => `the flood to end\n${hdev.stderr}` },
    );
    // Far more than any bounded buffer holds: the dyno was never blocked by the stalled pipe.
    expect(flooded.written * 101).toBeGreaterThan(64 * MIB);
    rss.expectBounded();

    hdev.resumeStdout();
    const report = await hdev.waitForLine(
      /logplex.*Error L10 \(output buffer overflow\): \d+ messages dropped since \d{4}-\d\d-\d\dT[\d:.]+\+00:00\.$/,
      15_000,
    );
    const dropped = Number(/: (\d+) messages dropped/.exec(report)?.[1]);
    expect(dropped).toBeGreaterThan(0);
    const shown = hdev.lines().filter((line) => line.includes('| xxxx')).length;
    expect(shown + dropped).toBeLessThanOrEqual(flooded.written);

    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  }, 60_000);

  it('holds a stalled `hdev logs --tail` to a bounded backlog and reports the drop with L11', async () => {
    const app = makeApp({ Procfile: `flood: node ${fixture('flood.mjs')}\n` });
    const countFile = join(app, 'count');
    const hdev = new HdevProcess(
      ['start', '--no-router', '--no-watch', '-p', String(await freeBasePort())],
      { cwd: app, env: { COUNT_FILE: countFile, FLOOD_MS: '10000' } },
    );
    hdev.pauseStdout(); // its own output is covered above; only the tail is read here
    // The control socket listens before any dyno starts: a counting dyno means it is there.
    await waitFor(() => readCount(countFile).written > 0, {
      describe: () => `the dyno to start\n${hdev.stderr}`,
    });
    const tail = spawn(process.execPath, [HDEV_BIN, 'logs', '--tail', '-n', '0'], {
      cwd: app,
      env: testEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tailExited = new Promise<number | null>((resolve) => tail.once('exit', resolve));
    let tailErr = '';
    tail.stderr.setEncoding('utf8').on('data', (text: string) => (tailErr += text));
    tail.stdout.pause();
    try {
      const startRss = new RssSamples(hdev.child.pid ?? -1);
      const tailRss = new RssSamples(tail.pid ?? -1);
      const flooded = await waitFor(
        () => {
          startRss.sample();
          tailRss.sample();
          const count = readCount(countFile);
          return count.done ? count : undefined;
        },
        { timeoutMs: 40_000, describe: () => `the flood to end\n${hdev.stderr}\n${tailErr}` },
      );
      expect(flooded.written * 101).toBeGreaterThan(64 * MIB);
      tailRss.expectBounded();
      startRss.expectBounded();

      // Read what the tail holds: its bounded backlog, then the L11 line, and it is still open.
      let tailed = '';
      tail.stdout.setEncoding('utf8').on('data', (text: string) => {
        tailed = (tailed + text).slice(-64 * 1024);
      });
      tail.stdout.resume();
      const report = await waitFor(
        () =>
          /logplex.*Error L11 \(Tail buffer overflow\) -> This tail session dropped (\d+) messages since \S+\+00:00\./.exec(
            tailed,
          ) ?? undefined,
        { timeoutMs: 15_000, describe: () => `an L11 line in the tail\n${tailErr}` },
      );
      expect(Number(report[1])).toBeGreaterThan(0);
      expect(tail.exitCode).toBeNull();
    } finally {
      tail.kill('SIGINT');
    }
    expect(await tailExited).toBe(0);
    hdev.signal('SIGTERM');
    await hdev.waitForExit();
    hdev.expectNoSurvivors();
  }, 90_000);
});
