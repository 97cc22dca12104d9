// Cuts a control connection's bytes into lines, with a bound on how much a line may hold.
//
// Lines are found as bytes (a newline is 0x0A in UTF-8 and never inside a multi-byte
// character), so a character split across two reads is decoded whole, and a peer that sends
// bytes without ever a newline holds at most `maxLineBytes` of hdev's memory.
const NEWLINE = 0x0a;

export type FramedInput =
  | { readonly ok: true; readonly lines: string[] }
  /** The current line passed the bound: the connection should be refused. */
  | { readonly ok: false };

export class LineFramer {
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): FramedInput {
    const lines: string[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1;) {
      const piece = chunk.subarray(start, newline);
      if (this.#pendingBytes + piece.length > this.maxLineBytes) return this.#overflow();
      lines.push(Buffer.concat([...this.#pending, piece]).toString('utf8'));
      this.#pending = [];
      this.#pendingBytes = 0;
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    const rest = chunk.subarray(start);
    if (this.#pendingBytes + rest.length > this.maxLineBytes) return this.#overflow();
    if (rest.length > 0) {
      // A copy: a slice would keep the whole read buffer alive.
      this.#pending.push(Buffer.from(rest));
      this.#pendingBytes += rest.length;
    }
    return { ok: true, lines };
  }

  #overflow(): FramedInput {
    this.#pending = [];
    this.#pendingBytes = 0;
    return { ok: false };
  }
}
