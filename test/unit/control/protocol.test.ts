import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, parseReply, parseRequest } from '../../../src/control/protocol.js';
import { historyEntries, matchesFilter, typeOfDyno } from '../../../src/control/server.js';
import { socketPathFor } from '../../../src/control/socket-path.js';
import type { LogBatch } from '../../../src/logs/log-batch.js';

const line = (message: Record<string, unknown>): string =>
  JSON.stringify({ v: PROTOCOL_VERSION, id: 1, ...message });

describe('parseRequest', () => {
  it.each<[string, string, string]>([
    ['ps', line({ command: 'ps' }), 'ok'],
    ['scale', line({ command: 'scale', args: ['web=2', 'worker+1'] }), 'ok'],
    ['restart without a target', line({ command: 'restart' }), 'ok'],
    ['stop', line({ command: 'stop', target: 'web.1' }), 'ok'],
    ['logs', line({ command: 'logs', lines: 100, tail: true, filter: { type: 'web' } }), 'ok'],
    ['one-off', line({ command: 'one-off', name: 'run.1', dynoCommand: 'bash', pid: 42 }), 'ok'],
    ['attach-addon', line({ command: 'attach-addon', name: 'postgresql-curly-12345' }), 'ok'],
    ['detach-addon', line({ command: 'detach-addon', name: 'DATABASE' }), 'ok'],
    ['attach-addon without a name', line({ command: 'attach-addon' }), "an add-on's name"],
    [
      'detach-addon with an empty name',
      line({ command: 'detach-addon', name: '' }),
      "an add-on's name",
    ],
    ['rollback to the previous release', line({ command: 'rollback' }), 'ok'],
    ['rollback to v2', line({ command: 'rollback', version: 2 }), 'ok'],
    ['rollback to v0', line({ command: 'rollback', version: 0 }), 'a release number'],
    [
      'rollback to a huge number',
      line({ command: 'rollback', version: 1e300 }),
      'a release number',
    ],
    ['release-output without a version', line({ command: 'release-output' }), 'a release number'],
    [
      'deploy-commit',
      line({ command: 'deploy-commit', gitDir: '/d/repo.git', commit: 'a'.repeat(40), gitEnv: {} }),
      'ok',
    ],
    [
      'deploy-commit of a short id',
      line({ command: 'deploy-commit', gitDir: '/d/repo.git', commit: 'abc', gitEnv: {} }),
      'a full commit id',
    ],
    [
      'deploy-commit of an option-like commit',
      line({
        command: 'deploy-commit',
        gitDir: '/d',
        commit: `--output=${'a'.repeat(40)}`,
        gitEnv: {},
      }),
      'a full commit id',
    ],
    [
      'deploy-commit from a relative repository',
      line({ command: 'deploy-commit', gitDir: 'repo.git', commit: 'a'.repeat(40), gitEnv: {} }),
      'absolute path',
    ],
    ['not JSON', '{nope', 'not valid JSON'],
    ['not an object', '[1]', 'must be a JSON object'],
    [
      'another version',
      JSON.stringify({ v: 99, id: 1, command: 'ps' }),
      'protocol v1, the command v99',
    ],
    ['no id', JSON.stringify({ v: PROTOCOL_VERSION, command: 'ps' }), 'whole-number `id`'],
    ['unknown command', line({ command: 'rm' }), 'unknown command `rm`'],
    ['scale args not strings', line({ command: 'scale', args: [1] }), 'list of strings'],
    ['stop without target', line({ command: 'stop' }), '`target` must be a string'],
    [
      'logs with a negative count',
      line({ command: 'logs', lines: -1, tail: false, filter: {} }),
      'whole number',
    ],
    [
      'logs with a bad source',
      line({ command: 'logs', lines: 1, tail: false, filter: { source: 'x' } }),
      '`app` or `heroku`',
    ],
    [
      'one-off with a bad pid',
      line({ command: 'one-off', name: 'run.1', dynoCommand: 'x', pid: 0 }),
      'process id',
    ],
  ])('%s', (_name, input, expected) => {
    const parsed = parseRequest(input);
    expect(parsed.ok ? 'ok' : parsed.error.message).toContain(expected);
  });
});

describe('parseReply', () => {
  it.each<[string, string, boolean]>([
    ['a result', line({ ok: true, result: {} }), true],
    ['an error', line({ ok: false, error: { message: 'no' } }), true],
    ['log lines', line({ event: 'log', entries: [] }), true],
    ['another version', JSON.stringify({ v: 2, id: 1, ok: true, result: {} }), false],
    ['garbage', 'nope', false],
  ])('%s', (_name, input, accepted) => {
    expect(parseReply(input) !== undefined).toBe(accepted);
  });
});

const batch = (dyno: string, source: 'app' | 'heroku', ...lines: string[]): LogBatch => ({
  time: 1,
  source,
  dyno,
  data: Buffer.from(lines.map((text) => `${text}\n`).join('')),
  lineCount: lines.length,
});

describe('log filters and history', () => {
  it.each<[string, string]>([
    ['web.1', 'web'],
    ['worker.12', 'worker'],
    ['router', 'router'],
    ['release.4821', 'release'],
  ])('typeOfDyno(%s) = %s', (dyno, type) => {
    expect(typeOfDyno(dyno)).toBe(type);
  });

  it.each<[string, { dyno?: string; type?: string; source?: 'app' | 'heroku' }, boolean]>([
    ['no filter', {}, true],
    ['its dyno', { dyno: 'web.1' }, true],
    ['another dyno', { dyno: 'web.2' }, false],
    ['its type', { type: 'web' }, true],
    ['a prefix is not a type', { type: 'we' }, false],
    ['its source', { source: 'app' }, true],
    ['another source', { source: 'heroku' }, false],
  ])('web.1 app line, %s', (_name, filter, expected) => {
    expect(matchesFilter({ dyno: 'web.1', source: 'app' }, filter)).toBe(expected);
  });

  it('takes the last N matching lines, across and within batches, oldest first', () => {
    const history = [
      batch('web.1', 'app', 'a', 'b'),
      batch('worker.1', 'app', 'w'),
      batch('web.1', 'heroku', 'c'),
      batch('web.1', 'app', 'd', 'e'),
    ];
    const texts = (n: number, filter = {}): string[] =>
      historyEntries(history, filter, n).map((entry) => entry.line);
    expect(texts(3, { dyno: 'web.1' })).toEqual(['c', 'd', 'e']);
    expect(texts(4, { source: 'app', type: 'web' })).toEqual(['a', 'b', 'd', 'e']);
    expect(texts(1)).toEqual(['e']);
    expect(texts(0)).toEqual([]);
    expect(texts(100)).toHaveLength(6);
  });
});

describe('socketPathFor', () => {
  it('is short whatever the app path, and differs per app', () => {
    const deep = `/home/someone/${'very-long-directory/'.repeat(20)}app`;
    const path = socketPathFor(deep, ['/run/user/1000'], 1000);
    expect(path).toMatch(/^\/run\/user\/1000\/hdev-1000\/[0-9a-f]{16}\.sock$/);
    expect(socketPathFor('/srv/other', ['/run/user/1000'], 1000)).not.toBe(path);
  });

  it('falls back to the next base when a base is too long for a socket path', () => {
    const longBase = `/${'x'.repeat(120)}`;
    expect(socketPathFor('/srv/app', [longBase, '/tmp'], 7)).toMatch(/^\/tmp\/hdev-7\//);
  });
});
