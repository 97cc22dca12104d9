// EngineFeed: what the App keeps of the engine. It subscribes to the log and to the state in one
// step each (history and snapshot included, nothing lost or repeated between), fills the
// scrollback, and asks for at most one frame per FRAME_MS however many batches and changes come.
import type {
  Engine,
  EngineSnapshot,
  StateSubscription,
  Subscription,
} from '../engine/engine-api.js';
import type { LogBatch } from '../logs/log-batch.js';
import type { FrameTimers } from './frame-scheduler.js';
import { FRAME_MS, FrameScheduler } from './frame-scheduler.js';
import { LogStore } from './log-store.js';

export interface Frame {
  readonly snapshot: EngineSnapshot;
  /** Changes whenever lines were added since the last frame: a key for memoised log views. */
  readonly logVersion: number;
}

export class EngineFeed {
  readonly store = new LogStore();
  readonly #scheduler: FrameScheduler;
  readonly #logs: Subscription<LogBatch>;
  readonly #state: StateSubscription;
  #onFrame: ((frame: Frame) => void) | undefined;

  constructor(
    private readonly engine: Engine,
    timers?: FrameTimers,
  ) {
    this.#scheduler = new FrameScheduler(() => this.#onFrame?.(this.frame()), FRAME_MS, timers);
    this.#logs = engine.logs((batch) => {
      this.store.append(batch);
      this.#scheduler.request();
    });
    for (const batch of this.#logs.history) this.store.append(batch);
    this.#state = engine.watch(() => {
      this.#scheduler.request();
    });
  }

  /** The first frame: the snapshot the state subscription began with. */
  firstFrame(): Frame {
    return { snapshot: this.#state.snapshot, logVersion: this.store.endSeq };
  }

  frame(): Frame {
    return { snapshot: this.engine.snapshot(), logVersion: this.store.endSeq };
  }

  /** Where frames go from now on. */
  onFrame(listener: (frame: Frame) => void): void {
    this.#onFrame = listener;
  }

  dispose(): void {
    this.#onFrame = undefined;
    this.#logs.unsubscribe();
    this.#state.unsubscribe();
    this.#scheduler.dispose();
  }
}
