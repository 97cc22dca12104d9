// LogStore: the log pane's scrollback. Batches go in as they arrive; the view reads lines by
// sequence number. Nothing here renders: the App decides when to look (see frame-scheduler.ts).
//
// A flood brings hundreds of thousands of lines a second and overwrites the scrollback many times
// a second, while a frame shows a screenful. So arriving costs one small entry per batch (the
// batch itself, never copied or split), and a line is decoded and sanitized only when the pane
// asks for it: the lines on screen, and the lines a search looks through.
import type { LogBatch } from '../logs/log-batch.js';
import { DynoColors } from './dyno-colors.js';
import { lineText, type LineMatcher, type UiLogLine } from './log-line.js';
import type { LogLines } from './log-window.js';

/** How many lines the pane keeps to scroll back through. */
export const SCROLLBACK_LINES = 10_000;

/**
 * The bytes of log the pane holds at most (plus one batch): 10,000 lines of Heroku's longest
 * (10,000 bytes) would otherwise hold 100 MB. Under it, long lines shorten the scrollback.
 */
export const SCROLLBACK_BYTES = 16 * 1024 * 1024;

/** Decoded lines kept for the next frames: a screenful or two, however tall the terminal. */
export const DECODED_CACHE_LINES = 512;

/** A search's verdict on a line, kept so each line is decoded at most once per search. */
const UNTESTED = 0;
const MATCH = 1;
const NO_MATCH = 2;

interface HeldBatch {
  readonly batch: LogBatch;
  /** The sequence number of the batch's first line. */
  readonly start: number;
  /** Where each line starts in the batch's data, and one past the last: built on first read. */
  offsets: Uint32Array | undefined;
  /** `verdicts` are for the search with this pattern source. */
  searched: string | undefined;
  verdicts: Uint8Array | undefined;
}

const NEWLINE = 0x0a;

/** Where each of the first `count` lines of `data` starts, then where the last one ends. */
function lineOffsets(data: Buffer, count: number): Uint32Array {
  const offsets = new Uint32Array(count + 1);
  let at = 0;
  for (let line = 0; line < count; line++) {
    offsets[line] = at;
    const end = data.indexOf(NEWLINE, at);
    at = end === -1 ? data.length : end + 1;
  }
  offsets[count] = at;
  return offsets;
}

export class LogStore implements LogLines {
  readonly colors = new DynoColors();
  readonly capacity: number;
  /**
   * The batches held, oldest first from `#head` (slots before it are emptied and reclaimed now and
   * then). The oldest goes once the newer ones hold `capacity` lines, so the store holds the
   * scrollback plus less than one batch.
   */
  #held: (HeldBatch | undefined)[] = [];
  #head = 0;
  #endSeq = 0;
  #heldBytes = 0;
  readonly #maxBytes: number;
  /** Decoded lines by sequence number, least recently used first. */
  readonly #decoded = new Map<number, UiLogLine>();

  constructor(capacity = SCROLLBACK_LINES, maxBytes = SCROLLBACK_BYTES) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a whole number above 0, got ${capacity}`);
    }
    if (!Number.isInteger(maxBytes) || maxBytes < 1) {
      throw new RangeError(`maxBytes must be a whole number above 0, got ${maxBytes}`);
    }
    this.capacity = capacity;
    this.#maxBytes = maxBytes;
  }

  get firstSeq(): number {
    return Math.max(0, this.#endSeq - this.capacity, this.#held[this.#head]?.start ?? 0);
  }

  /** The bytes of the batches held: for tests of the memory bound. */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  get endSeq(): number {
    return this.#endSeq;
  }

  /** How many lines can be read: at most `capacity`. */
  get size(): number {
    return this.#endSeq - this.firstSeq;
  }

  /** How many batches are held: for tests of the memory bound. */
  get batchCount(): number {
    return this.#held.length - this.#head;
  }

  append(batch: LogBatch): void {
    // Colours are handed out in arrival order, as the plain printer does, even for a batch
    // whose lines are all overwritten before they are ever shown.
    this.colors.colorOf(batch.dyno);
    if (batch.lineCount <= 0) return;
    this.#held.push({
      batch,
      start: this.#endSeq,
      offsets: undefined,
      searched: undefined,
      verdicts: undefined,
    });
    this.#endSeq += batch.lineCount;
    this.#heldBytes += batch.data.length;
    this.#evict();
  }

  at(seq: number): UiLogLine | undefined {
    if (!Number.isInteger(seq) || seq < this.firstSeq || seq >= this.#endSeq) return undefined;
    const cached = this.#decoded.get(seq);
    if (cached !== undefined) {
      // Most recently used goes last.
      this.#decoded.delete(seq);
      this.#decoded.set(seq, cached);
      return cached;
    }
    const held = this.#held[this.#indexOf(seq)];
    if (held === undefined) return undefined;
    const line = this.#decode(held, seq);
    this.#remember(seq, line);
    return line;
  }

  nextMatch(from: number, direction: 1 | -1, matcher: LineMatcher): number | undefined {
    const first = this.firstSeq;
    const end = this.#endSeq;
    let seq = direction === 1 ? Math.max(from + 1, first) : Math.min(from - 1, end - 1);
    if (!(seq >= first && seq < end)) return undefined;
    seq = Math.floor(seq);
    const startIndex = this.#indexOf(seq);
    for (let index = startIndex; index >= this.#head; index += direction) {
      const held = this.#held[index];
      if (held === undefined) break;
      const low = Math.max(held.start, first);
      const high = held.start + held.batch.lineCount;
      if (index !== startIndex) seq = direction === 1 ? low : high - 1;
      // Another dyno's batch is skipped whole, without decoding a line of it.
      if (matcher.dyno !== undefined && held.batch.dyno !== matcher.dyno) continue;
      const pattern = matcher.pattern;
      if (pattern === undefined) return seq;
      for (; seq >= low && seq < high; seq += direction) {
        if (this.#searchMatches(held, seq, pattern)) return seq;
      }
    }
    return undefined;
  }

  /** The index in `#held` of the batch holding `seq`, which must be held. */
  #indexOf(seq: number): number {
    let low = this.#head;
    let high = this.#held.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      const held = this.#held[middle];
      if (held !== undefined && held.start <= seq) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  #evict(): void {
    const held = this.#held;
    for (;;) {
      const first = held[this.#head];
      const second = held[this.#head + 1];
      if (first === undefined || second === undefined) break;
      const linesHeld = this.#endSeq - second.start >= this.capacity;
      if (!linesHeld && this.#heldBytes <= this.#maxBytes) break;
      this.#heldBytes -= first.batch.data.length;
      held[this.#head] = undefined;
      this.#head++;
    }
    // Reclaim the emptied slots once they are half the array: amortised O(1) per batch.
    if (this.#head >= 64 && this.#head * 2 >= held.length) {
      held.copyWithin(0, this.#head);
      held.length -= this.#head;
      this.#head = 0;
    }
  }

  #remember(seq: number, line: UiLogLine): void {
    this.#decoded.set(seq, line);
    if (this.#decoded.size > DECODED_CACHE_LINES) {
      const oldest = this.#decoded.keys().next();
      if (oldest.done !== true) this.#decoded.delete(oldest.value);
    }
  }

  #decode(held: HeldBatch, seq: number): UiLogLine {
    const { batch } = held;
    held.offsets ??= lineOffsets(batch.data, batch.lineCount);
    const line = seq - held.start;
    const begin = held.offsets[line] ?? 0;
    let stop = held.offsets[line + 1] ?? begin;
    if (stop > begin && batch.data[stop - 1] === NEWLINE) stop--;
    return {
      time: batch.time,
      source: batch.source,
      dyno: batch.dyno,
      text: lineText(batch.data.toString('utf8', begin, stop)),
    };
  }

  /** Whether the line matches the search, decoding it only the first time this search asks. */
  #searchMatches(held: HeldBatch, seq: number, pattern: RegExp): boolean {
    const key = `${pattern.flags}/${pattern.source}`;
    if (held.searched !== key || held.verdicts === undefined) {
      held.searched = key;
      held.verdicts = new Uint8Array(held.batch.lineCount);
    }
    const at = seq - held.start;
    const known = held.verdicts[at];
    if (known !== undefined && known !== UNTESTED) return known === MATCH;
    const cached = this.#decoded.get(seq);
    const line = cached ?? this.#decode(held, seq);
    const matches = pattern.test(line.text);
    held.verdicts[at] = matches ? MATCH : NO_MATCH;
    // A match is about to be shown; the lines passed over are not kept.
    if (matches && cached === undefined) this.#remember(seq, line);
    return matches;
  }
}
