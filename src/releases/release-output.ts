// A release's output, kept for `hdev releases:output vN`: what the API, the build and the release
// phase printed while the release was made, in Heroku's log line shape, capped in size.
import type { LogBatch } from '../logs/log-batch.js';
import type { LogBus } from '../logs/log-bus.js';

/** A build that prints more than this keeps its first part and says so (npm can be chatty). */
const MAX_OUTPUT_BYTES = 2 * 1024 * 1024;

export interface OutputCapture {
  stop(): void;
}

/** The dynos whose lines belong to a release: the API's, the build's and the release phase's. */
export function isReleaseOutput(batch: Pick<LogBatch, 'dyno'>): boolean {
  return batch.dyno === 'api' || batch.dyno === 'build' || /^release\.\d+$/.test(batch.dyno);
}

export function captureOutput(bus: LogBus, append: (text: string) => void): OutputCapture {
  let written = 0;
  let truncated = false;
  const unsubscribe = bus.subscribe((batch) => {
    if (truncated || !isReleaseOutput(batch)) return;
    const prefix = `${batch.source}[${batch.dyno}]: `;
    const text = batch.data
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => `${prefix}${line}\n`)
      .join('');
    try {
      if (written + text.length > MAX_OUTPUT_BYTES) {
        truncated = true;
        append(`(output cut at ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB)\n`);
        return;
      }
      written += text.length;
      append(text);
    } catch {
      // A full disk loses the kept output, never the release.
      truncated = true;
    }
  });
  return { stop: unsubscribe };
}
