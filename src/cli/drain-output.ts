// Everything written to stdout and stderr reaches the reader before hdev exits. On POSIX, writes
// to a pipe are asynchronous in Node: process.exit() right after a large write drops whatever
// the pipe had not taken yet (64 KiB on Linux), so `hdev logs -n 1500 | wc -c` saw a cut log.

/** The part of a stdout/stderr stream the drain needs (a seam for tests). */
export interface OutputStream {
  readonly writableLength: number;
  readonly destroyed: boolean;
  readonly writableFinished?: boolean;
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
  once(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  off(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

/**
 * Resolves once everything written so far has been handed to the OS, or the reader is gone (a
 * closed pipe: nothing more can arrive, and that is not an error). Never rejects.
 */
export function drainStream(stream: OutputStream): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
    stream.once('error', done);
    // An empty write's callback runs after every earlier chunk has been flushed (writes are
    // ordered), also when no 'drain' is due because the buffer never reached its high mark.
    stream.write('', () => done());
  });
}

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/**
 * A reader that went away (`hdev logs -t | head`) ends the command quietly with `exitCode()`,
 * unless the command listens for that itself (`hdev start` shuts its dynos down first). Other
 * stream errors are left to the caller's uncaught-error path.
 */
export function endQuietlyOnBrokenPipe(
  stream: NodeJS.WriteStream,
  exit: () => void,
  rethrow: (error: unknown) => void,
): void {
  const onError = (error: unknown): void => {
    if (!isBrokenPipe(error)) {
      rethrow(error);
      return;
    }
    // Another listener (the command's own) handles it.
    if (stream.listenerCount('error') > 1) return;
    exit();
  };
  stream.on('error', onError);
}
