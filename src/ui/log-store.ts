// LogStore: the log pane's scrollback. Batches go in as they arrive; the view reads lines by
// sequence number. Nothing here renders: the App decides when to look (see frame-scheduler.ts).
import type { LogBatch } from '../logs/log-batch.js';
import { DynoColors } from './dyno-colors.js';
import { linesOfBatch, type UiLogLine } from './log-line.js';
import { RingBuffer } from './ring-buffer.js';

/** How many lines the pane keeps to scroll back through. */
export const SCROLLBACK_LINES = 10_000;

export class LogStore {
  readonly lines: RingBuffer<UiLogLine>;
  readonly colors = new DynoColors();

  constructor(capacity = SCROLLBACK_LINES) {
    this.lines = new RingBuffer(capacity);
  }

  append(batch: LogBatch): void {
    // Colours are handed out in arrival order, as the plain printer does, even for a batch
    // whose lines are all overwritten before they are ever shown.
    this.colors.colorOf(batch.dyno);
    for (const line of linesOfBatch(batch, this.lines.capacity)) this.lines.push(line);
  }
}
