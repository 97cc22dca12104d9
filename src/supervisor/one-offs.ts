// The one-off dynos `hdev run` announces to a running `hdev start`, so `hdev ps` lists them and
// `hdev stop run.N` reaches them. hdev start never signals them itself: the `hdev run` that
// started each one does, when asked (any client could announce any pid).
import type { Clock } from '../time/clock.js';
import type { OneOffView } from './views.js';

export class OneOffRegistry {
  readonly #byName = new Map<string, OneOffView>();
  readonly #stops = new Map<OneOffView, () => void>();

  constructor(private readonly clock: Clock) {}

  /** Lists `oneOff` until the returned function is called; `requestStop` asks its `hdev run` to stop it. */
  register(oneOff: Omit<OneOffView, 'since'>, requestStop: () => void): () => void {
    const entry = { ...oneOff, since: this.clock.now() };
    this.#byName.set(oneOff.name, entry);
    this.#stops.set(entry, requestStop);
    return () => {
      this.#stops.delete(entry);
      if (this.#byName.get(oneOff.name) === entry) this.#byName.delete(oneOff.name);
    };
  }

  /** Asks the one-off named `name` to stop; false when no such one-off runs. */
  requestStop(name: string): boolean {
    const entry = this.#byName.get(name);
    if (entry === undefined) return false;
    this.#stops.get(entry)?.();
    return true;
  }

  list(): OneOffView[] {
    return [...this.#byName.values()];
  }
}
