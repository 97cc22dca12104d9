// Process signals for long-running commands. main.ts creates the one instance; commands only
// subscribe, so the entry point stays the single owner of signal handlers and the exit code.

export interface ShutdownSignals {
  /** Called on each SIGINT, SIGTERM or SIGHUP with how many have arrived so far. */
  listen(handler: (count: number, signal: NodeJS.Signals) => void): () => void;
  /** Called synchronously if hdev exits without a clean shutdown: never leave processes behind. */
  onEmergency(handler: () => void): void;
}

const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function createShutdownSignals(): ShutdownSignals & { runEmergency(): void } {
  const handlers = new Set<(count: number, signal: NodeJS.Signals) => void>();
  const emergencies: (() => void)[] = [];
  let count = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    count++;
    for (const handler of handlers) handler(count, signal);
  };
  return {
    listen(handler) {
      if (handlers.size === 0) for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
        if (handlers.size === 0)
          for (const signal of SHUTDOWN_SIGNALS) process.off(signal, onSignal);
      };
    },
    onEmergency(handler) {
      emergencies.push(handler);
    },
    runEmergency() {
      for (const handler of emergencies) handler();
    },
  };
}
