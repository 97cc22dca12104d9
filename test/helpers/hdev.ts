// Runs the built CLI (bin/hdev → dist/) as a real process, the way a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options as ExecaOptions, type Result } from 'execa';
import { afterAll, afterEach, expect } from 'vitest';
import { controlSocketPath } from '../../src/control/socket-path.js';
import { DescendantTracker } from './processes.js';
import { waitFor } from './wait.js';

export const HDEV_BIN = fileURLToPath(new URL('../../bin/hdev', import.meta.url));

/** hdev's per-user data (the router's certificate) goes here in tests, never to the real home. */
const dataHome = mkdtempSync(join(tmpdir(), 'hdev-test-data-'));
/**
 * The control sockets and owner records too: a test whose hdev is killed leaves them behind, in
 * this folder rather than in the machine's shared `/tmp/hdev-UID`.
 */
const runtimeDir = join(dataHome, 'run');
// Each test file loads this module anew, so each has its own folder to remove once it is done
// (a test worker may be ended without its 'exit' event, which left them all behind).
afterAll(() => rmSync(dataHome, { recursive: true, force: true }));

/** The environment tests run hdev with: no colour, no inherited config that could leak in. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('npm_') && key !== 'FORCE_COLOR') env[key] = value;
  }
  return { ...env, NO_COLOR: '1', XDG_DATA_HOME: dataHome, XDG_RUNTIME_DIR: runtimeDir, ...extra };
}

/** The control socket a test's hdev start listens on for `app`. */
export function testSocketPath(app: string): string {
  return controlSocketPath(app, { env: testEnv(), uid: process.getuid?.() ?? 0 });
}

/** Runs hdev to completion (check, run, errors) and returns its result. */
export function runHdev(args: readonly string[], options: ExecaOptions = {}): Promise<Result> {
  return execa(process.execPath, [HDEV_BIN, ...args], {
    reject: false,
    env: testEnv(),
    extendEnv: false,
    timeout: 30_000,
    ...options,
  });
}

const running = new Set<HdevProcess>();

/** Output kept from the start of a stream: the lines tests look for come first. */
const HEAD_CHARS = 1024 * 1024;
/** Output kept from the end: a flood must not grow the test runner past a string's length. */
const TAIL_CHARS = 16 * 1024 * 1024;

/** A stream's text with its head and tail kept, and the middle of a flood dropped. */
class BoundedText {
  #head = '';
  #tail: string[] = [];
  #tailLength = 0;
  #dropped = 0;

  append(text: string): void {
    if (this.#head.length < HEAD_CHARS) {
      const room = HEAD_CHARS - this.#head.length;
      this.#head += text.slice(0, room);
      text = text.slice(room);
      if (text === '') return;
    }
    this.#tail.push(text);
    this.#tailLength += text.length;
    while (this.#tailLength > TAIL_CHARS && this.#tail.length > 1) {
      const oldest = this.#tail.shift() ?? '';
      this.#tailLength -= oldest.length;
      this.#dropped += oldest.length;
    }
  }

  toString(): string {
    const gap = this.#dropped === 0 ? '' : `\n[${this.#dropped} characters dropped]\n`;
    return this.#head + gap + this.#tail.join('');
  }
}

afterEach(async () => {
  for (const hdev of [...running]) await hdev.dispose();
});

/** A long-running `hdev start`, its combined output, and the orphan check for its dynos. */
export class HdevProcess {
  readonly child: ChildProcess;
  readonly tracker: DescendantTracker;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #stdout = new BoundedText();
  readonly #stderr = new BoundedText();

  constructor(args: readonly string[], options: { cwd: string; env?: Record<string, string> }) {
    this.child = spawn(process.execPath, [HDEV_BIN, ...args], {
      cwd: options.cwd,
      env: testEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => this.#stdout.append(text));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => this.#stderr.append(text));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    this.tracker = new DescendantTracker(this.child.pid ?? -1);
    running.add(this);
  }

  get stdout(): string {
    return this.#stdout.toString();
  }
  get stderr(): string {
    return this.#stderr.toString();
  }

  lines(): string[] {
    return this.stdout.split('\n').filter((line) => line !== '');
  }

  /** Waits until a stdout line matches, and returns it. */
  async waitForLine(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    return waitFor(() => this.lines().find((line) => pattern.test(line)), {
      timeoutMs,
      describe: () =>
        `a line matching ${pattern}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`,
    });
  }

  /** Waits until `count` stdout lines match. */
  async waitForLines(pattern: RegExp, count: number, timeoutMs = 15_000): Promise<string[]> {
    return waitFor(
      () => {
        const found = this.lines().filter((line) => pattern.test(line));
        return found.length >= count ? found : undefined;
      },
      {
        timeoutMs,
        describe: () =>
          `${count} lines matching ${pattern}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`,
      },
    );
  }

  /** Stops reading hdev's stdout, as a paused pager does; its pipe fills up. */
  pauseStdout(): void {
    this.child.stdout?.pause();
  }

  resumeStdout(): void {
    this.child.stdout?.resume();
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Waits for hdev to exit (bounded), then asserts that no process it ever had below it lives on. */
  async waitForExit(
    timeoutMs = 20_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`hdev did not exit within ${timeoutMs} ms\n${this.stdout}\n${this.stderr}`),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The orphan check: after exit, every pid seen below hdev must be gone. */
  expectNoSurvivors(): void {
    this.tracker.sample();
    this.tracker.stop();
    const survivors = this.tracker.survivors();
    this.tracker.killSurvivors();
    expect(survivors, `processes left behind by hdev`).toEqual([]);
  }

  async dispose(): Promise<void> {
    running.delete(this);
    this.tracker.stop();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    this.tracker.killSurvivors();
  }
}
