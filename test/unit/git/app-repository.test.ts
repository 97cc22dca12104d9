// The hook script: the same Node and hdev, every path one shell word whatever it holds.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { preReceiveHook, shellQuote } from '../../../src/git/app-repository.js';

describe('shellQuote', () => {
  it.each([
    ['plain', '/usr/bin/node'],
    ['spaces', '/Users/Ann Lee/My Apps/app'],
    ['a single quote', "/home/o'brien/app"],
    ['shell syntax', '/tmp/$(touch x); `id` && "q" \\ *?[a] ~ #'],
    ['a newline', '/tmp/two\nlines'],
    ['empty', ''],
  ])('%s survives sh as one word', (_name, word) => {
    const echoed = execFileSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(word)}`], {
      encoding: 'utf8',
    });
    expect(echoed).toBe(word);
  });
});

describe('preReceiveHook', () => {
  it('execs the running Node and hdev entry with git:receive and the app root', () => {
    const script = preReceiveHook(
      { node: '/opt/node 20/bin/node', entry: '/opt/hdev/bin/hdev' },
      "/home/o'brien/app",
    );
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain(
      `exec '/opt/node 20/bin/node' '/opt/hdev/bin/hdev' 'git:receive' '--app-dir' '/home/o'\\''brien/app'\n`,
    );
  });
});
