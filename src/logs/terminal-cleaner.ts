// A PTY dyno's output as the log bus takes it: what a program writes to a terminal (colours,
// cursor movement, window titles, bracketed paste switches) is for a screen, not a log line.
// Escape sequences are removed as they stream in; one cut in two by a read is held back until
// its end arrives. `\r` and `\n` stay: the line splitter turns them into lines as a terminal
// shows them.

/** Complete escape sequences: CSI, the string ones (OSC, DCS, SOS, PM, APC), and the short ones. */
const COMPLETE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c)|\x1b[ -/]*[0-OQ-WYZ\\`-~]/g;
/** Other controls a log line has no use for: C0 except tab, newline and carriage return; DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const STRAY = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;
/** An escape sequence that never ends is not held back beyond this. */
const MAX_HELD = 4096;

export class TerminalCleaner {
  #held = '';

  /** The text of `chunk` without escape sequences; an unfinished one waits for the next chunk. */
  clean(chunk: string): string {
    let text = this.#held + chunk;
    this.#held = '';
    const start = Math.max(text.lastIndexOf('\x1b'), text.lastIndexOf('\x9b'));
    if (start !== -1) {
      const tail = text.slice(start);
      COMPLETE.lastIndex = 0;
      const ended = COMPLETE.exec(tail)?.index === 0;
      COMPLETE.lastIndex = 0;
      if (!ended) {
        // Held until it ends; one that never does is dropped rather than held without bound.
        if (tail.length < MAX_HELD) this.#held = tail;
        text = text.slice(0, start);
      }
    }
    return text.replace(COMPLETE, '').replace(STRAY, '');
  }

  /** The dyno exited: what was held back is an escape sequence that never ended, so nothing. */
  flush(): string {
    this.#held = '';
    return '';
  }
}
