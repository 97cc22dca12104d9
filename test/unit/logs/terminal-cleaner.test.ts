import { describe, expect, it } from 'vitest';
import { TerminalCleaner } from '../../../src/logs/terminal-cleaner.js';

describe('TerminalCleaner', () => {
  it.each([
    ['plain text\r\n', 'plain text\r\n'],
    ['\x1b[31mred\x1b[0m\r\n', 'red\r\n'],
    ['\x1b[?2004hprompt$ ', 'prompt$ '],
    ['\x1b]0;title\x07after', 'after'],
    ['\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\', 'link'],
    ['a\x1b7b\x1b8c', 'abc'],
    ['bell\x07 and backspace\b', 'bell and backspace'],
    ['tab\there', 'tab\there'],
    ['50%\r100%\r\n', '50%\r100%\r\n'],
  ])('%j → %j', (input, expected) => {
    expect(new TerminalCleaner().clean(input)).toBe(expected);
  });

  it('holds back a sequence cut in two by a read', () => {
    const cleaner = new TerminalCleaner();
    expect(cleaner.clean('one \x1b[3')).toBe('one ');
    expect(cleaner.clean('2mtwo\x1b')).toBe('two');
    expect(cleaner.clean('[0m three\n')).toBe(' three\n');
  });

  it('does not hold back an unfinished sequence without bound', () => {
    const cleaner = new TerminalCleaner();
    expect(cleaner.clean(`\x1b]0;${'t'.repeat(5000)}`)).toBe('');
    expect(cleaner.clean('next\n')).toBe('next\n');
    expect(cleaner.flush()).toBe('');
  });
});
