// The ports seam: where a dyno's PORT comes from and how hdev learns that a web dyno answers on
// it. The system implementation reads the kernel's socket tables and probes the port; tests
// hand the supervisor a fake one and run whole scenarios without a socket.
import type { BootWatch } from './boot-watch.js';
import { watchBoot } from './boot-watch.js';
import { allocatePorts } from './port-allocation.js';

export interface DynoPorts {
  /** One free port per preferred port, in order, none of them in `taken`. */
  allocate(preferred: readonly number[], taken: ReadonlySet<number>): Promise<number[]>;
  /**
   * Resolves with the address a booting web dyno's PORT answers on (Heroku counts it `up`
   * then), or undefined once `watch.signal` aborts.
   */
  watchBoot(watch: BootWatch): Promise<string | undefined>;
}

export const systemPorts: DynoPorts = {
  allocate: (preferred, taken) => allocatePorts(preferred, taken),
  watchBoot,
};
