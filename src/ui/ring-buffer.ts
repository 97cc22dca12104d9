// RingBuffer: the last `capacity` items, addressed by a sequence number that keeps counting up.
// The log pane keeps a bounded scrollback however fast dynos print: appending is O(1) and
// overwrites the oldest item, so memory stays flat at 100,000 lines a second.

/** What the log pane reads: items by sequence number, oldest first. */
export interface SequenceSource<T> {
  /** The sequence number of the oldest item still held. */
  readonly firstSeq: number;
  /** One past the newest item's sequence number (the next one to be appended). */
  readonly endSeq: number;
  /** The item with this sequence number, or undefined once it has been overwritten. */
  at(seq: number): T | undefined;
}

export class RingBuffer<T> implements SequenceSource<T> {
  readonly #items: (T | undefined)[];
  #firstSeq = 0;
  #endSeq = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a whole number above 0, got ${capacity}`);
    }
    this.#items = new Array<T | undefined>(capacity).fill(undefined);
  }

  get firstSeq(): number {
    return this.#firstSeq;
  }

  get endSeq(): number {
    return this.#endSeq;
  }

  get size(): number {
    return this.#endSeq - this.#firstSeq;
  }

  push(item: T): void {
    this.#items[this.#endSeq % this.capacity] = item;
    this.#endSeq++;
    if (this.#endSeq - this.#firstSeq > this.capacity) this.#firstSeq++;
  }

  at(seq: number): T | undefined {
    if (seq < this.#firstSeq || seq >= this.#endSeq) return undefined;
    return this.#items[seq % this.capacity];
  }

  /** Oldest first: for tests and small buffers, not the render path. */
  toArray(): T[] {
    const out: T[] = [];
    for (let seq = this.#firstSeq; seq < this.#endSeq; seq++) {
      const item = this.at(seq);
      if (item !== undefined) out.push(item);
    }
    return out;
  }
}
