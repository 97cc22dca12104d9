// Connects the App to the engine: log batches go into the scrollback as they arrive, and the App
// re-renders at most once a frame however many batches and changes come in (frame-scheduler.ts).
import { useLayoutEffect, useState } from 'react';
import type { UiEngine, UiSnapshot } from './engine.js';
import { FrameScheduler } from './frame-scheduler.js';
import { LogStore } from './log-store.js';

export interface EngineView {
  readonly snapshot: UiSnapshot;
  readonly store: LogStore;
  /** Changes whenever lines were added since the last frame: a key for memoised log views. */
  readonly logVersion: number;
}

interface Frame {
  readonly snapshot: UiSnapshot;
  readonly logVersion: number;
}

/** The engine is taken to stay the same for the App's life: the scrollback belongs to it. */
export function useEngine(engine: UiEngine): EngineView {
  const [store] = useState(() => {
    const initial = new LogStore();
    for (const batch of engine.logHistory()) initial.append(batch);
    return initial;
  });
  const [frame, setFrame] = useState<Frame>(() => ({
    snapshot: engine.snapshot(),
    logVersion: store.endSeq,
  }));

  // A layout effect runs in the same synchronous pass as the first render (ink renders legacy,
  // not concurrent), so no batch can arrive between reading the history and subscribing.
  useLayoutEffect(() => {
    const scheduler = new FrameScheduler(() => {
      setFrame({ snapshot: engine.snapshot(), logVersion: store.endSeq });
    });
    const offLog = engine.onLog((batch) => {
      store.append(batch);
      scheduler.request();
    });
    const offChange = engine.onChange(() => {
      scheduler.request();
    });
    return () => {
      offLog();
      offChange();
      scheduler.dispose();
    };
  }, [engine, store]);

  return { snapshot: frame.snapshot, store, logVersion: frame.logVersion };
}
