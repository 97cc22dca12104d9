// LineSplitter: turns the chunks read from a dyno's pipe into complete lines, as Heroku's log
// capture sees them. Pure: no I/O and no timers; the caller decides when to flush a partial line.

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from('\n');

/** Complete lines: each ends in `\n` and holds no other `\n` or `\r`. */
export interface LineChunk {
  readonly data: Buffer;
  readonly lineCount: number;
}

/**
 * The text a terminal would show for a line holding bare `\r`s: what follows the last one, or,
 * when nothing follows it (`50%\r` then the newline), what came before it.
 */
function visibleText(raw: Buffer): Buffer {
  const end = visibleEnd(raw);
  return raw.subarray(visibleStart(raw, end), end);
}

function visibleEnd(raw: Buffer): number {
  let end = raw.length;
  while (end > 0 && raw[end - 1] === CR) end--;
  return end;
}

function visibleStart(raw: Buffer, end: number): number {
  return end === 0 ? 0 : raw.lastIndexOf(CR, end - 1) + 1;
}

/** Where to cut `buf` at most at `cut`, moved back to the start of a UTF-8 character. */
function characterBoundary(buf: Buffer, cut: number): number {
  let at = cut;
  while (at > cut - 3 && ((buf[at] ?? 0) & 0xc0) === 0x80) at--;
  // Still inside a run of continuation bytes: not UTF-8, so any cut is as good as another.
  return ((buf[at] ?? 0) & 0xc0) === 0x80 ? cut : at;
}

/** Where an incomplete multi-byte character at the end of `buf` starts (`buf.length` if none). */
function incompleteTail(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const byte = buf[n - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const size = byte >= 0xf0 && byte <= 0xf7 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return size > back && byte <= 0xf7 ? n - back : n;
  }
  return n;
}

export class LineSplitter {
  readonly #maxLineBytes: number;
  /** The unfinished line, kept compact: its visible text, then one `\r` if a `\r` ended it. */
  #pending: Buffer = EMPTY;
  /** A partial line went out early: the newline that ends it must not add an empty line. */
  #flushed = false;
  #out: Buffer[] = [];
  #outLines = 0;

  /** Heroku splits log lines longer than 10,000 bytes into lines of 10,000 bytes. */
  constructor(maxLineBytes = 10_000) {
    // Four bytes hold any UTF-8 character, so a cut can always move back to a boundary.
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 4) {
      throw new RangeError(`maxLineBytes must be an integer of at least 4, got ${maxLineBytes}`);
    }
    this.#maxLineBytes = maxLineBytes;
  }

  get hasPartial(): boolean {
    return this.#pending.length > 0;
  }

  /**
   * The lines `chunk` completes. Clean output comes back as a view of `chunk`, not a copy, so the
   * caller must not reuse the chunk's memory while the lines are in use.
   */
  push(chunk: Buffer): LineChunk | undefined {
    const last = chunk.lastIndexOf(LF);
    if (last === -1) {
      this.#appendPartial(chunk);
      return this.#take();
    }
    const lines = chunk.subarray(0, last + 1);
    if (!this.#pushClean(lines)) this.#pushAny(lines);
    this.#pending = EMPTY;
    this.#appendPartial(chunk.subarray(last + 1));
    return this.#take();
  }

  /** Emits the partial line now (a prompt, a progress bar), keeping back a half-read character. */
  flushPartial(): LineChunk | undefined {
    const pending = this.#pending;
    const endsWithCr = pending[pending.length - 1] === CR;
    const textEnd = endsWithCr ? pending.length - 1 : pending.length;
    const keep = endsWithCr ? textEnd : incompleteTail(pending);
    if (keep === 0) return undefined;
    this.#out.push(pending.subarray(0, keep), NEWLINE);
    this.#outLines++;
    // A trailing `\r` is dropped with the flushed text: the next bytes would overwrite it anyway.
    this.#pending = keep < textEnd ? Buffer.from(pending.subarray(keep, textEnd)) : EMPTY;
    this.#flushed = true;
    return this.#take();
  }

  /** Emits whatever is left when the stream ends. */
  end(): LineChunk | undefined {
    if (this.#pending.length > 0) {
      // A stream that ends in `\r`s alone leaves nothing visible: no empty line for it.
      this.#flushed = true;
      this.#completeLine(this.#pending);
    }
    this.#pending = EMPTY;
    this.#flushed = false;
    return this.#take();
  }

  /** The fast path: no `\r` and no over-long line, so the bytes pass through as they are. */
  #pushClean(lines: Buffer): boolean {
    const head = this.#pending;
    if (this.#flushed || head[head.length - 1] === CR || lines.indexOf(CR) !== -1) return false;
    const max = this.#maxLineBytes;
    let count = 0;
    let start = 0;
    let carried = head.length;
    while (start < lines.length) {
      const nl = lines.indexOf(LF, start);
      if (nl - start + carried > max) return false;
      carried = 0;
      count++;
      start = nl + 1;
    }
    this.#out.push(head.length === 0 ? lines : Buffer.concat([head, lines]));
    this.#outLines += count;
    return true;
  }

  /** The general path, line by line; runs of clean lines still pass through as views. */
  #pushAny(lines: Buffer): void {
    const max = this.#maxLineBytes;
    let start = 0;
    if (this.#pending.length > 0 || this.#flushed) {
      start = lines.indexOf(LF) + 1;
      this.#completeLine(Buffer.concat([this.#pending, lines.subarray(0, start - 1)]));
    }
    let runStart = start;
    let runLines = 0;
    while (start < lines.length) {
      const nl = lines.indexOf(LF, start);
      const line = lines.subarray(start, nl);
      if (line.length <= max && line.indexOf(CR) === -1) {
        runLines++;
      } else {
        if (runLines > 0) this.#emit(lines.subarray(runStart, start), runLines);
        this.#completeLine(line);
        runStart = nl + 1;
        runLines = 0;
      }
      start = nl + 1;
    }
    if (runLines > 0) this.#emit(lines.subarray(runStart), runLines);
  }

  /** One finished line (without its `\n`): reduced to its visible text, split if over-long. */
  #completeLine(raw: Buffer): void {
    const text = visibleText(raw);
    const dropIfEmpty = this.#flushed;
    this.#flushed = false;
    if (text.length === 0 && dropIfEmpty) return;
    const rest = this.#splitLong(text, text.length);
    this.#out.push(text.subarray(rest), NEWLINE);
    this.#outLines++;
  }

  /** Cuts lines of at most `max` bytes off `text` while it is longer; returns the rest's start. */
  #splitLong(text: Buffer, end: number): number {
    const max = this.#maxLineBytes;
    let start = 0;
    while (end - start > max) {
      const cut = characterBoundary(text, start + max);
      this.#out.push(text.subarray(start, cut), NEWLINE);
      this.#outLines++;
      this.#flushed = false;
      start = cut;
    }
    return start;
  }

  /** Adds bytes without a newline to the unfinished line (copied: the chunk is not ours). */
  #appendPartial(data: Buffer): void {
    if (data.length === 0) return;
    let pending =
      this.#pending.length === 0 ? Buffer.from(data) : Buffer.concat([this.#pending, data]);
    if (this.#pending[this.#pending.length - 1] === CR || data.indexOf(CR) !== -1) {
      // Keep only what a terminal would still show, so a progress bar cannot grow this forever.
      const end = visibleEnd(pending);
      pending = pending.subarray(visibleStart(pending, end), end < pending.length ? end + 1 : end);
    }
    const textEnd = pending[pending.length - 1] === CR ? pending.length - 1 : pending.length;
    if (textEnd > this.#maxLineBytes) pending = pending.subarray(this.#splitLong(pending, textEnd));
    this.#pending = pending;
  }

  #emit(data: Buffer, lineCount: number): void {
    this.#out.push(data);
    this.#outLines += lineCount;
  }

  #take(): LineChunk | undefined {
    if (this.#outLines === 0) return undefined;
    const out = this.#out;
    const data = out.length === 1 && out[0] !== undefined ? out[0] : Buffer.concat(out);
    const chunk = { data, lineCount: this.#outLines };
    this.#out = [];
    this.#outLines = 0;
    return chunk;
  }
}
