// Connects the App to the engine through an EngineFeed: the scrollback and the snapshot, and a
// re-render at most once a frame (frame-scheduler.ts).
import { useLayoutEffect, useState } from 'react';
import type { Engine, EngineSnapshot } from '../engine/engine-api.js';
import { EngineFeed, type Frame } from './engine-feed.js';
import type { FrameTimers } from './frame-scheduler.js';
import type { LogStore } from './log-store.js';

export interface EngineView {
  readonly snapshot: EngineSnapshot;
  readonly store: LogStore;
  /** Changes whenever lines were added since the last frame: a key for memoised log views. */
  readonly logVersion: number;
}

/**
 * The engine is taken to stay the same for the App's life: the scrollback belongs to it. The
 * feed subscribes as the App first renders (ink renders once, not concurrently, and never
 * discards a render), so the first frame already shows the history.
 */
export function useEngine(engine: Engine, timers?: FrameTimers): EngineView {
  const [feed] = useState(() => new EngineFeed(engine, timers));
  const [frame, setFrame] = useState<Frame>(() => feed.firstFrame());

  useLayoutEffect(() => {
    feed.onFrame(setFrame);
    return () => {
      feed.dispose();
    };
  }, [feed]);

  return { snapshot: frame.snapshot, store: feed.store, logVersion: frame.logVersion };
}
