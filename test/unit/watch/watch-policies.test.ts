import { describe, expect, it } from 'vitest';
import { linkEscape } from '../../../src/watch/app-boundary.js';
import { pgidFromStat, writableFromFdinfo } from '../../../src/watch/dyno-writers.js';
import { FileStates, sameState } from '../../../src/watch/file-state.js';
import { NoiseDetector } from '../../../src/watch/noisy-files.js';
import { describeNotice } from '../../../src/watch/notices.js';

describe('linkEscape: links out of the app or back up into it', () => {
  it.each<[string, string, string, ReturnType<typeof linkEscape>]>([
    ['up -> ..', '/apps/a/up', '/apps', 'outside'],
    ['self -> .', '/apps/a/self', '/apps/a', 'ancestor'],
    ['lib/root -> ..', '/apps/a/lib/root', '/apps/a', 'ancestor'],
    ['lib/loop -> . (its own directory)', '/apps/a/lib/loop', '/apps/a/lib', 'ancestor'],
    ['a sibling app with a shared prefix', '/apps/a/other', '/apps/ab', 'outside'],
    ['to /etc', '/apps/a/etc', '/etc', 'outside'],
    ['to a directory inside the app', '/apps/a/src-link', '/apps/a/src', undefined],
    ['to a file inside the app', '/apps/a/lib/web.js', '/apps/a/web.js', undefined],
  ])('%s', (_name, link, target, expected) => {
    expect(linkEscape('/apps/a', link, target)).toBe(expected);
  });
});

describe('NoiseDetector: many changes to one path in a short window', () => {
  it('flags a path at 8 changes within 2 s spread over 1 s, once', () => {
    const noise = new NoiseDetector();
    for (let at = 0; at < 1050; at += 150) noise.record('log.txt', at);
    expect(noise.check('log.txt', 1050)).toBeUndefined(); // 7 changes
    noise.record('log.txt', 1050);
    expect(noise.check('log.txt', 1100)).toEqual({ path: 'log.txt', changes: 8, spanMs: 1100 });
    expect(noise.check('log.txt', 1200)).toBeUndefined(); // reported once
  });

  it('a burst of many changes within a moment is one edit, not noise', () => {
    const noise = new NoiseDetector();
    // A generator rewriting a file 50 times, each write a truncate and a data event.
    for (let event = 0; event < 100; event++) noise.record('schema.ts', event);
    expect(noise.check('schema.ts', 300)).toBeUndefined();
  });

  it('an editor saving now and then is never noisy', () => {
    const noise = new NoiseDetector();
    // A save is up to three events (write, rename, chmod); one every second, for a minute.
    for (let save = 0; save < 60; save++)
      for (const offset of [0, 5, 10]) noise.record('web.js', save * 1000 + offset);
    expect(noise.check('web.js', 60_000)).toBeUndefined();
  });

  it('counts only changes within the window, and forgets quiet paths', () => {
    const noise = new NoiseDetector();
    for (let at = 0; at < 8 * 300; at += 300) noise.record('slow.txt', at);
    expect(noise.check('slow.txt', 2400)).toBeUndefined();
    noise.prune(10_000);
    noise.record('slow.txt', 10_000);
    expect(noise.check('slow.txt', 10_000)).toBeUndefined();
  });
});

describe('FileStates: a net change since the last deploy', () => {
  it.each<[string, { size: number; mtimeMs: number } | undefined, boolean]>([
    ['created and deleted again', undefined, false],
    ['created', { size: 1, mtimeMs: 5 }, true],
  ])('a path never seen: %s', (_name, now, changed) => {
    expect(new FileStates().changed('x', now)).toBe(changed);
  });

  it.each<[string, { size: number; mtimeMs: number } | undefined, boolean]>([
    ['same size and mtime', { size: 3, mtimeMs: 100 }, false],
    ['another mtime', { size: 3, mtimeMs: 101 }, true],
    ['another size', { size: 4, mtimeMs: 100 }, true],
    ['deleted', undefined, true],
  ])('a known file: %s', (_name, now, changed) => {
    const states = new FileStates();
    states.remember('x', { size: 3, mtimeMs: 100 });
    expect(states.changed('x', now)).toBe(changed);
    expect(states.changed('x', now)).toBe(false); // what was seen becomes the baseline
  });

  it('sameState', () => {
    expect(sameState(undefined, undefined)).toBe(true);
    expect(sameState(undefined, { size: 0, mtimeMs: 0 })).toBe(false);
  });
});

describe('/proc parsing for the dynos’ open files', () => {
  it.each<[string, string, number | undefined]>([
    ['plain', '1234 (node) S 1200 1234 1234 0 -1 4194560 …', 1234],
    ['a command with spaces and parentheses', '99 (my (odd) cmd) R 1 77 77 0', 77],
    ['garbage', 'nonsense', undefined],
  ])('pgidFromStat: %s', (_name, stat, pgid) => {
    expect(pgidFromStat(stat)).toBe(pgid);
  });

  it.each<[string, boolean]>([
    ['pos:\t0\nflags:\t0100000\nmnt_id:\t30\n', false], // O_RDONLY|O_LARGEFILE
    ['pos:\t0\nflags:\t0102001\nmnt_id:\t30\n', true], // O_WRONLY|O_APPEND|O_LARGEFILE
    ['pos:\t0\nflags:\t02100002\nmnt_id:\t30\n', true], // O_RDWR|O_CLOEXEC
    ['pos:\t0\n', false],
  ])('writableFromFdinfo(%j)', (fdinfo, writable) => {
    expect(writableFromFdinfo(fdinfo)).toBe(writable);
  });
});

describe('describeNotice', () => {
  it.each<[Parameters<typeof describeNotice>[0], string]>([
    [
      { kind: 'noisy', path: 'app/log.txt', changes: 40, spanMs: 1950 },
      'app/log.txt changed 40 times in 2 s; it looks like a file the app writes, add it to .gitignore or --ignore',
    ],
    [
      { kind: 'dyno-writes', dyno: 'web.1', path: 'db.sqlite3' },
      'web.1 writes db.sqlite3 inside the app: on Heroku this file is lost at the next restart and is not seen by the other dynos',
    ],
    [
      {
        kind: 'escaping-links',
        links: [
          { path: 'up', target: '..', escape: 'outside' },
          { path: 'self', target: '.', escape: 'ancestor' },
        ],
      },
      'not watching through up -> .. (leaves the app), self -> . (loops back into the app): hdev never watches outside the app',
    ],
  ])('%j', (notice, text) => {
    expect(describeNotice(notice)).toBe(text);
  });
});
