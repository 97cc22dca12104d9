// The environment git runs with: never a repository a hook inherited, always the one asked for.
import { describe, expect, it } from 'vitest';
import { gitChildEnv, quarantineEnv } from '../../../src/git/git-command.js';

describe('gitChildEnv', () => {
  it.each<[string, Record<string, string>, Record<string, string>, Record<string, string>]>([
    ['keeps the rest', { PATH: '/bin', HOME: '/h' }, {}, { PATH: '/bin', HOME: '/h' }],
    ['drops a hook’s GIT_DIR', { PATH: '/bin', GIT_DIR: '.' }, {}, { PATH: '/bin' }],
    [
      'drops the quarantine',
      {
        GIT_QUARANTINE_PATH: '/q',
        GIT_OBJECT_DIRECTORY: '/q',
        GIT_ALTERNATE_OBJECT_DIRECTORIES: '/o',
      },
      {},
      {},
    ],
    [
      'drops `git -c` settings',
      {
        GIT_CONFIG_PARAMETERS: "'a.b'='c'",
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'a.b',
        GIT_CONFIG_VALUE_0: 'c',
      },
      {},
      {},
    ],
    [
      'keeps the user’s own git settings',
      { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/g', GIT_TERMINAL_PROMPT: '0' },
      {},
      { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/g', GIT_TERMINAL_PROMPT: '0' },
    ],
    [
      'sets the variables asked for',
      { GIT_DIR: '.', GIT_OBJECT_DIRECTORY: '/old' },
      { GIT_OBJECT_DIRECTORY: '/q/objects' },
      { GIT_OBJECT_DIRECTORY: '/q/objects' },
    ],
  ])('%s', (_name, base, gitVars, expected) => {
    expect(gitChildEnv(base, gitVars)).toEqual(expected);
  });
});

describe('quarantineEnv', () => {
  it('takes the three quarantine variables of a hook’s environment and nothing else', () => {
    expect(
      quarantineEnv({
        GIT_DIR: '.',
        PATH: '/bin',
        GIT_QUARANTINE_PATH: '/r/objects/tmp_objdir-incoming-1',
        GIT_OBJECT_DIRECTORY: '/r/objects/tmp_objdir-incoming-1',
        GIT_ALTERNATE_OBJECT_DIRECTORIES: '/r/objects',
      }),
    ).toEqual({
      GIT_QUARANTINE_PATH: '/r/objects/tmp_objdir-incoming-1',
      GIT_OBJECT_DIRECTORY: '/r/objects/tmp_objdir-incoming-1',
      GIT_ALTERNATE_OBJECT_DIRECTORIES: '/r/objects',
    });
  });
});
