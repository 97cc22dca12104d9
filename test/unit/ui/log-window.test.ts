import { describe, expect, it } from 'vitest';
import { LogStore } from '../../../src/ui/log-store.js';
import {
  lineMatcher,
  nthMatch,
  pauseAnchor,
  scrollAnchor,
  visibleLines,
  type LogFilter,
  type ScrollMove,
} from '../../../src/ui/log-window.js';
import { batchOf } from '../../helpers/fake-engine.js';

/**
 * `count` lines `0`…`count-1`, alternating web.1 (even) and web.2 (odd), one batch each, in a
 * scrollback of `capacity` lines.
 */
function buffer(count: number, capacity = 1000): LogStore {
  const store = new LogStore(capacity);
  for (let i = 0; i < count; i++)
    store.append(batchOf(i % 2 === 0 ? 'web.1' : 'web.2', [String(i)]));
  return store;
}

/** Whether a filter shows a line `text` of `dyno`. */
function shows(filter: LogFilter, dyno: string, text: string): boolean {
  const store = new LogStore();
  store.append(batchOf(dyno, [text]));
  return store.nextMatch(-1, 1, lineMatcher(filter)) === 0;
}

const ALL: LogFilter = { dyno: undefined, search: '' };
const all = lineMatcher(ALL);
const web2 = lineMatcher({ dyno: 'web.2', search: '' });

describe('lineMatcher', () => {
  it.each<[LogFilter, string, string, boolean]>([
    [ALL, 'web.1', 'anything', true],
    [{ dyno: 'web.1', search: '' }, 'web.1', 'x', true],
    [{ dyno: 'web.1', search: '' }, 'web.10', 'x', false],
    [{ dyno: undefined, search: 'err' }, 'web.1', 'An ERROR here', true],
    [{ dyno: undefined, search: 'err' }, 'web.1', 'all fine', false],
    [{ dyno: undefined, search: 'a.c' }, 'web.1', 'abc', false],
    [{ dyno: undefined, search: 'a.c' }, 'web.1', 'xa.cx', true],
    [{ dyno: undefined, search: '(' }, 'web.1', 'f(x)', true],
    [{ dyno: 'web.2', search: 'err' }, 'web.1', 'error', false],
    [{ dyno: 'web.2', search: 'err' }, 'web.2', 'error', true],
    // The search sees the text as the pane shows it: escapes gone.
    [{ dyno: undefined, search: 'red alert' }, 'web.1', '\x1b[31mred\x1b[0m alert', true],
  ])('%j on %s %j: %s', (filter, dyno, text, expected) => {
    expect(shows(filter, dyno, text)).toBe(expected);
  });
});

describe('nthMatch', () => {
  it.each<[string, number, 1 | -1, number, number | undefined]>([
    ['the newest', 10, -1, 1, 9],
    ['the third newest', 10, -1, 3, 7],
    ['past the oldest', 10, -1, 50, 0],
    ['forward from before the buffer', -1, 1, 2, 1],
    ['forward past the newest', 5, 1, 50, 9],
    ['nothing after the newest', 9, 1, 1, undefined],
  ])('%s', (_name, from, direction, n, expected) => {
    expect(nthMatch(buffer(10), all, from, direction, n)).toBe(expected);
  });

  it('starts at the oldest line held when `from` was overwritten', () => {
    const lines = buffer(20, 5);
    expect(nthMatch(lines, all, 3, 1, 1)).toBe(15);
  });
});

describe('visibleLines', () => {
  const texts = (shown: ReturnType<typeof visibleLines>): string[] =>
    shown.map((entry) => entry.line.text);

  it.each<[string, number, number | undefined, number, readonly string[]]>([
    ['following: the newest lines', 10, undefined, 3, ['7', '8', '9']],
    ['fewer lines than rows', 2, undefined, 5, ['0', '1']],
    ['scrolled back', 10, 5, 3, ['3', '4', '5']],
    ['scrolled to the top fills the page', 10, 1, 3, ['0', '1', '2']],
    ['an anchor past the end', 10, 99, 3, ['7', '8', '9']],
    ['nothing yet', 0, undefined, 3, []],
  ])('%s', (_name, count, anchor, rows, expected) => {
    expect(texts(visibleLines(buffer(count), all, anchor, rows))).toEqual(expected);
  });

  it('shows only matching lines', () => {
    expect(texts(visibleLines(buffer(10), web2, undefined, 3))).toEqual(['5', '7', '9']);
    expect(texts(visibleLines(buffer(10), web2, 4, 2))).toEqual(['1', '3']);
  });

  it('shows the oldest lines held once the anchor is overwritten', () => {
    expect(texts(visibleLines(buffer(20, 5), all, 3, 3))).toEqual(['15', '16', '17']);
  });

  it('carries each line’s sequence number', () => {
    expect(visibleLines(buffer(4), all, undefined, 2).map((entry) => entry.seq)).toEqual([2, 3]);
  });
});

describe('scrollAnchor', () => {
  const page = 3;
  it.each<[string, number | undefined, ScrollMove, number | undefined]>([
    ['up a line from following', undefined, { kind: 'lines', delta: -1 }, 8],
    ['up a page from following', undefined, { kind: 'lines', delta: -3 }, 6],
    ['up from an anchor', 6, { kind: 'lines', delta: -2 }, 4],
    ['up past the top stops with a full page', 3, { kind: 'lines', delta: -10 }, 2],
    ['down a line', 4, { kind: 'lines', delta: 1 }, 5],
    ['down onto the newest follows again', 8, { kind: 'lines', delta: 1 }, undefined],
    ['down past the newest follows again', 4, { kind: 'lines', delta: 50 }, undefined],
    ['to the oldest', undefined, { kind: 'oldest' }, 2],
    ['to the newest', 4, { kind: 'newest' }, undefined],
  ])('%s', (_name, anchor, move, expected) => {
    expect(scrollAnchor(buffer(10), all, anchor, move, page)).toBe(expected);
  });

  it('keeps following when everything fits on a page', () => {
    expect(scrollAnchor(buffer(2), all, undefined, { kind: 'lines', delta: -1 }, page)).toBe(
      undefined,
    );
    expect(scrollAnchor(buffer(2), all, undefined, { kind: 'oldest' }, page)).toBe(undefined);
  });

  it('moves by matching lines only', () => {
    // web.2's lines are 1, 3, 5, 7, 9.
    expect(scrollAnchor(buffer(10), web2, undefined, { kind: 'lines', delta: -1 }, 2)).toBe(7);
    expect(scrollAnchor(buffer(10), web2, 7, { kind: 'lines', delta: -10 }, 2)).toBe(3);
  });

  it('follows when nothing matches', () => {
    const none = lineMatcher({ dyno: 'nobody', search: '' });
    expect(scrollAnchor(buffer(10), none, undefined, { kind: 'lines', delta: -1 }, page)).toBe(
      undefined,
    );
  });
});

describe('pauseAnchor', () => {
  it.each<[string, number, LogFilter, number]>([
    ['the newest line', 10, ALL, 9],
    ['the newest matching line', 10, { dyno: 'web.1', search: '' }, 8],
    ['before the first line when empty', 0, ALL, -1],
  ])('%s', (_name, count, filter, expected) => {
    expect(pauseAnchor(buffer(count), lineMatcher(filter))).toBe(expected);
  });
});
