import { describe, expect, it } from 'vitest';
import {
  KEY_HELP,
  interpretKey,
  splitKeyPresses,
  type InputMode,
  type KeyInfo,
  type UiAction,
  NO_KEY,
} from '../../../src/ui/keymap.js';

function key(flags: Partial<KeyInfo> = {}): KeyInfo {
  return { ...NO_KEY, ...flags };
}

describe('interpretKey', () => {
  it.each<[InputMode, string, Partial<KeyInfo>, UiAction | undefined]>([
    ['normal', '', { upArrow: true }, { type: 'select', delta: -1 }],
    ['normal', '', { downArrow: true }, { type: 'select', delta: 1 }],
    ['normal', '', { return: true }, { type: 'filterSelected' }],
    ['normal', 'a', {}, { type: 'showAll' }],
    ['normal', '+', {}, { type: 'scale', op: '+' }],
    ['normal', '=', {}, { type: 'scale', op: '+' }],
    ['normal', '-', {}, { type: 'scale', op: '-' }],
    ['normal', 'r', {}, { type: 'restartSelected' }],
    ['normal', 'R', {}, { type: 'restartAll' }],
    ['normal', 's', {}, { type: 'stopSelected' }],
    ['normal', 'q', {}, { type: 'quit', by: 'q' }],
    ['normal', 'v', {}, { type: 'toggleRouterLines' }],
    ['normal', 'c', { ctrl: true }, { type: 'quit', by: 'Ctrl-C' }],
    ['normal', 'f', {}, { type: 'toggleFollow' }],
    ['normal', '/', {}, { type: 'openSearch' }],
    ['normal', '?', {}, { type: 'toggleHelp' }],
    ['normal', 'k', {}, { type: 'scroll', by: 'line', direction: -1 }],
    ['normal', 'j', {}, { type: 'scroll', by: 'line', direction: 1 }],
    ['normal', '', { pageUp: true }, { type: 'scroll', by: 'page', direction: -1 }],
    ['normal', '', { pageDown: true }, { type: 'scroll', by: 'page', direction: 1 }],
    ['normal', 'b', {}, { type: 'scroll', by: 'page', direction: -1 }],
    ['normal', ' ', {}, { type: 'scroll', by: 'page', direction: 1 }],
    ['normal', 'g', {}, { type: 'scrollTo', end: 'oldest' }],
    ['normal', 'G', {}, { type: 'scrollTo', end: 'newest' }],
    ['normal', '', { home: true }, { type: 'scrollTo', end: 'oldest' }],
    ['normal', '', { end: true }, { type: 'scrollTo', end: 'newest' }],
    ['normal', '', { escape: true, meta: true }, { type: 'back' }],
    ['normal', 'x', {}, undefined],
    ['normal', 'r', { ctrl: true }, undefined],
    ['normal', 'q', { meta: true }, undefined],
    ['search', 'q', {}, { type: 'searchType', text: 'q' }],
    ['search', 'é', {}, { type: 'searchType', text: 'é' }],
    ['search', '', { return: true }, { type: 'searchAccept' }],
    ['search', '', { escape: true, meta: true }, { type: 'searchCancel' }],
    ['search', '', { backspace: true }, { type: 'searchErase' }],
    ['search', '', { delete: true }, { type: 'searchErase' }],
    ['search', 'u', { ctrl: true }, { type: 'searchClear' }],
    ['search', 'c', { ctrl: true }, { type: 'quit', by: 'Ctrl-C' }],
    ['search', 'x', { ctrl: true }, undefined],
    ['search', '', { upArrow: true }, undefined],
    ['search', '\x07', {}, undefined],
    ['help', '?', {}, { type: 'toggleHelp' }],
    ['help', '', { escape: true, meta: true }, { type: 'toggleHelp' }],
    ['help', 'q', {}, { type: 'quit', by: 'q' }],
    ['help', 'c', { ctrl: true }, { type: 'quit', by: 'Ctrl-C' }],
    ['help', 'r', {}, undefined],
    ['help', '', { downArrow: true }, undefined],
  ])('%s mode: %j %j', (mode, input, flags, action) => {
    expect(interpretKey(input, key(flags), mode)).toEqual(action);
  });
});

describe('splitKeyPresses', () => {
  it.each<[string, string, Partial<KeyInfo>, readonly [string, Partial<KeyInfo>][]]>([
    ['one key', 'q', {}, [['q', {}]]],
    ['a special key', '', { upArrow: true }, [['', { upArrow: true }]]],
    [
      'typed text',
      '/err',
      {},
      [
        ['/', {}],
        ['e', {}],
        ['r', {}],
        ['r', {}],
      ],
    ],
    [
      'enter and backspace in a paste',
      'ab\x7f\r',
      {},
      [
        ['a', {}],
        ['b', {}],
        ['', { backspace: true }],
        ['', { return: true }],
      ],
    ],
    ['a surrogate pair is one key', '🚀', {}, [['🚀', {}]]],
    ['a ctrl chord stays whole', 'ab', { ctrl: true }, [['ab', { ctrl: true }]]],
  ])('%s', (_name, input, flags, expected) => {
    expect(splitKeyPresses(input, key(flags))).toEqual(
      expected.map(([text, pressed]) => ({ input: text, key: key(pressed) })),
    );
  });
});

describe('KEY_HELP', () => {
  it('names every key the normal mode acts on', () => {
    const documented = KEY_HELP.flatMap((entry) => entry.keys.split(' / '));
    for (const name of ['a', '/', '+', '-', 'r', 'R', 's', 'k', 'j', 'g', 'G', 'f', '?', 'q']) {
      expect(documented).toContain(name);
    }
  });
});
