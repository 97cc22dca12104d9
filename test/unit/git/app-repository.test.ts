// The hook script: the same Node and hdev, every path one shell word whatever it holds.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('says to run git:remote again when hdev has moved, and declines the push', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdev-hook-'));
    try {
      const hook = join(dir, 'pre-receive');
      const gone = join(dir, "old hdev's place", 'bin', 'hdev');
      writeFileSync(hook, preReceiveHook({ node: process.execPath, entry: gone }, '/apps/web'));
      const run = spawnSync('/bin/sh', [hook], { encoding: 'utf8', input: '', timeout: 10_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        ` !     hdev or its Node moved (${gone}, ${process.execPath}): run \`hdev git:remote\` again in /apps/web.\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
