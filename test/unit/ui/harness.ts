// Renders the App with ink-testing-library and waits for frames. ink-testing-library's stdout
// always says 100 columns and no rows (the App then takes 24), and render() takes no stream
// options: a test that needs another size sets columns and rows on that stdout and emits
// 'resize', the same path a real terminal's resize takes.
import { createElement } from 'react';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { App } from '../../../src/ui/app.js';
import type { Engine } from '../../../src/engine/engine-api.js';
import { waitFor } from '../../helpers/wait.js';
import { T0 } from '../../helpers/fake-engine.js';
import { ManualFrameTimers } from './manual-frame-timers.js';

/** Keys as a terminal sends them. */
export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  enter: '\r',
  escape: '\x1b',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  backspace: '\x7f',
  ctrlC: '\x03',
} as const;

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

export interface AppHarness {
  /** The latest frame, ANSI codes and all ('' before the first). */
  frame(): string;
  /** How many frames ink has written so far. */
  frameCount(): number;
  /** Draws the frames the App asked for (engine changes, log lines); returns how many. */
  flushFrames(): number;
  /**
   * Resolves with the first frame (ANSI stripped) that satisfies `predicate`, drawing the
   * frames the App asks for as it goes.
   */
  waitForFrame(predicate: (plain: string) => boolean, what?: string): Promise<string>;
  /** Types keys, then waits for ink to have handled them. */
  press(...keys: string[]): Promise<void>;
  resize(size: Size): Promise<void>;
  unmount(): void;
}

/** The clock the App is given: 5 minutes and 3 seconds after every dyno's stateSince. */
export const NOW = T0 + 5 * 60_000 + 3_000;

export function plain(frame: string): string {
  return stripVTControlCharacters(frame);
}

const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}]/u;

/** Terminal columns a frame line takes: wide (CJK, emoji) characters count two. */
export function visibleWidth(line: string): number {
  let width = 0;
  for (const char of plain(line)) width += WIDE.test(char) ? 2 : 1;
  return width;
}

/**
 * One turn of the event loop's check phase: ink holds a lone ESC back with setImmediate in case
 * more of a sequence follows, and React's scheduler runs effects the same way. No clock waited on.
 */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function renderApp(engine: Engine, size?: Size): Promise<AppHarness> {
  const frameTimers = new ManualFrameTimers();
  const instance = render(createElement(App, { engine, clock: () => NOW, frameTimers }));
  const frame = (): string => instance.lastFrame() ?? '';

  const waitForFrame = (predicate: (text: string) => boolean, what = 'a frame'): Promise<string> =>
    waitFor(
      () => {
        frameTimers.flush();
        const text = plain(frame());
        return predicate(text) ? text : undefined;
      },
      { timeoutMs: 3000, describe: () => `${what}; the last frame was:\n${plain(frame())}` },
    );

  const resize = async (next: Size): Promise<void> => {
    const before = instance.frames.length;
    Object.defineProperty(instance.stdout, 'columns', {
      configurable: true,
      get: () => next.columns,
    });
    Object.defineProperty(instance.stdout, 'rows', { configurable: true, get: () => next.rows });
    instance.stdout.emit('resize');
    await waitFor(() => instance.frames.length > before, {
      describe: () => 'a frame after resize',
    });
  };

  await waitForFrame((text) => text.includes('DYNO'), 'the first frame');
  // ink subscribes to stdin in an effect that may run just after the first frame.
  await tick();
  if (size !== undefined) await resize(size);

  return {
    frame,
    frameCount: () => instance.frames.length,
    flushFrames: () => frameTimers.flush(),
    waitForFrame,
    press: async (...keys) => {
      for (const key of keys) {
        instance.stdin.write(key);
        // A lone ESC is held back for a turn in case more of a sequence follows.
        await tick();
      }
    },
    resize,
    unmount: () => {
      instance.unmount();
    },
  };
}
