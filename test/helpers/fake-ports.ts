// Fake ports for supervisor scenarios: allocation from a table instead of the kernel's, and a
// web dyno's PORT answers only when the test binds it (or at once, with `bindAtOnce`).
import type { BootWatch } from '../../src/supervisor/boot-watch.js';
import type { DynoPorts } from '../../src/supervisor/dyno-ports.js';
import { choosePorts } from '../../src/supervisor/port-allocation.js';

export class FakePorts implements DynoPorts {
  /** Ports something outside hdev listens on: never handed to a dyno. */
  readonly busy = new Set<number>();
  /** Ports a dyno has bound. */
  readonly bound = new Set<number>();
  /** When true, every web dyno answers on its PORT as soon as it boots. */
  bindAtOnce = false;
  readonly #waiting = new Map<number, Set<() => void>>();

  allocate(preferred: readonly number[], taken: ReadonlySet<number>): Promise<number[]> {
    return Promise.resolve(choosePorts(preferred, new Set([...taken, ...this.busy])));
  }

  watchBoot(watch: BootWatch): Promise<string | undefined> {
    return new Promise((resolve) => {
      if (this.bindAtOnce) this.bound.add(watch.port);
      if (this.bound.has(watch.port)) {
        resolve('127.0.0.1');
        return;
      }
      const waiters = this.#waiting.get(watch.port) ?? new Set<() => void>();
      this.#waiting.set(watch.port, waiters);
      const answered = (): void => {
        waiters.delete(answered);
        resolve('127.0.0.1');
      };
      waiters.add(answered);
      watch.signal.addEventListener(
        'abort',
        () => {
          waiters.delete(answered);
          resolve(undefined);
        },
        { once: true },
      );
    });
  }

  /** The dyno on `port` listens now: a boot watch on it resolves. */
  bind(port: number): void {
    this.bound.add(port);
    for (const answered of [...(this.#waiting.get(port) ?? [])]) answered();
  }

  /** The process that listened on `port` is gone. */
  release(port: number): void {
    this.bound.delete(port);
  }
}
