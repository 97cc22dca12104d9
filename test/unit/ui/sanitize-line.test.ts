import { describe, expect, it } from 'vitest';
import { PLACEHOLDER, sanitizeLine } from '../../../src/ui/sanitize-line.js';

const P = PLACEHOLDER;

describe('sanitizeLine', () => {
  it.each<[string, string, string]>([
    ['plain text', 'GET /health 200', 'GET /health 200'],
    ['unicode text', 'héllo 漢字 🚀', 'héllo 漢字 🚀'],
    ['an empty line', '', ''],
    ['SGR colours', '\x1b[1;31mERROR\x1b[0m done', 'ERROR done'],
    ['256 and true colour', '\x1b[38;5;208mx\x1b[38;2;1;2;3my\x1b[m', 'xy'],
    ['cursor movement', 'a\x1b[2Ab\x1b[10;20Hc\x1b[K', 'abc'],
    ['screen clearing', '\x1b[2J\x1b[3Jclean', 'clean'],
    ['private modes', '\x1b[?25l\x1b[?1049hhidden', 'hidden'],
    ['an 8-bit CSI', 'a\x9b31mb', 'ab'],
    ['an unfinished CSI at the end', 'text\x1b[38;5', 'text'],
    ['OSC ended by BEL', '\x1b]0;window title\x07after', 'after'],
    ['OSC ended by ST', '\x1b]8;;https://x.test\x1b\\link\x1b]8;;\x1b\\', 'link'],
    ['an unfinished OSC', 'before\x1b]0;never ends', 'before'],
    ['DCS', '\x1bPq#0;2;0;0;0\x1b\\sixel', 'sixel'],
    ['charset and keypad sequences', '\x1b(B\x1b=\x1b7text\x1b8', 'text'],
    ['a lone ESC at the end', 'end\x1b', 'end'],
    ['a progress bar', '10%\r50%\r100%', '100%'],
    ['a carriage return before the newline', 'done\r', 'done'],
    ['CRLF-style endings', 'line\r\r', 'line'],
    ['a progress bar in colour', '\x1b[32m10%\x1b[0m\r\x1b[32m90%\x1b[0m', '90%'],
    ['backspaces', 'abc\b\bd', 'ad'],
    ['a backspace at the start', '\bx', 'x'],
    ['a tab', 'a\tb', 'a       b'],
    ['tab stops', 'abcdefgh\tx\ty', 'abcdefgh        x       y'],
    ['a bell', 'ding\x07', `ding${P}`],
    ['NUL and other C0 controls', 'a\x00b\x01c\x1fd', `a${P}b${P}c${P}d`],
    ['DEL', 'a\x7fb', `a${P}b`],
    ['C1 controls', 'a\x85b\x9cc', `a${P}b${P}c`],
    ['undecodable bytes (already U+FFFD)', '\uFFFD\uFFFDbin', '\uFFFD\uFFFDbin'],
    ['line separators', 'a\u2028b\u2029c', `a${P}b${P}c`],
    ['bidi overrides', 'user\u202Egnp.exe', 'usergnp.exe'],
    ['bidi isolates', 'a\u2066b\u2069c', 'abc'],
  ])('%s', (_name, input, expected) => {
    expect(sanitizeLine(input)).toBe(expected);
  });

  it('leaves no control characters in arbitrary bytes', () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const out = sanitizeLine(bytes.toString('utf8'));
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });

  it('returns the same string when there is nothing to do', () => {
    const line = 'x'.repeat(1000);
    expect(sanitizeLine(line)).toBe(line);
  });
});
