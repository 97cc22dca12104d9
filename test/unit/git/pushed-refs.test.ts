// The pre-receive hook's input and Heroku's choice of what a push builds.
import { describe, expect, it } from 'vitest';
import type { PushPlan, RefUpdate } from '../../../src/git/pushed-refs.js';
import { parsePreReceiveInput, planPush } from '../../../src/git/pushed-refs.js';

const ZERO = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const SHA256 = 'c'.repeat(64);

const update = (ref: string, newId = B, oldId = A): RefUpdate => ({ oldId, newId, ref });

describe('parsePreReceiveInput', () => {
  it.each<[string, string, RefUpdate[]]>([
    ['nothing', '', []],
    ['one update', `${A} ${B} refs/heads/main\n`, [update('refs/heads/main')]],
    ['no final newline', `${A} ${B} refs/heads/main`, [update('refs/heads/main')]],
    ['a creation', `${ZERO} ${B} refs/heads/main\n`, [update('refs/heads/main', B, ZERO)]],
    ['a deletion', `${A} ${ZERO} refs/heads/x\n`, [update('refs/heads/x', ZERO, A)]],
    [
      'several refs, in order',
      `${A} ${B} refs/heads/feature\n${ZERO} ${B} refs/tags/v1\n${A} ${B} refs/heads/main\n`,
      [update('refs/heads/feature'), update('refs/tags/v1', B, ZERO), update('refs/heads/main')],
    ],
    [
      'SHA-256 ids',
      `${SHA256} ${SHA256} refs/heads/main\n`,
      [update('refs/heads/main', SHA256, SHA256)],
    ],
    ['CRLF and blank lines', `\r\n${A} ${B} refs/heads/main\r\n\n`, [update('refs/heads/main')]],
  ])('%s', (_name, input, expected) => {
    expect(parsePreReceiveInput(input)).toEqual(expected);
  });

  it.each([
    ['two fields', `${A} ${B}\n`, /line 1 /],
    ['a short id', `abc ${B} refs/heads/main\n`, /line 1 /],
    ['upper-case hex', `${A.toUpperCase()} ${B} refs/heads/main\n`, /line 1 /],
    ['a ref outside refs/', `${A} ${B} main\n`, /line 1 /],
    ['an extra field', `${A} ${B} refs/heads/main extra\n`, /line 1 /],
    ['the bad line is named', `${A} ${B} refs/heads/main\nnonsense\n`, /line 2 .*nonsense/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => parsePreReceiveInput(input)).toThrow(message);
  });
});

describe('planPush', () => {
  const main = update('refs/heads/main');
  const master = update('refs/heads/master');
  it.each<[string, RefUpdate[], PushPlan]>([
    ['a push to main builds main', [main], { kind: 'deploy', branch: 'main', update: main }],
    [
      'a push to master builds master',
      [master],
      { kind: 'deploy', branch: 'master', update: master },
    ],
    [
      'creating main builds it',
      [update('refs/heads/main', B, ZERO)],
      { kind: 'deploy', branch: 'main', update: update('refs/heads/main', B, ZERO) },
    ],
    ['another branch is skipped', [update('refs/heads/feature')], { kind: 'skip' }],
    ['a tag is skipped', [update('refs/tags/v1', B, ZERO)], { kind: 'skip' }],
    [
      'a branch named like main elsewhere is skipped',
      [update('refs/heads/x/main')],
      { kind: 'skip' },
    ],
    [
      'main among other refs: only main is built',
      [update('refs/heads/feature'), main, update('refs/tags/v1')],
      { kind: 'deploy', branch: 'main', update: main },
    ],
    [
      'main and master: main is built',
      [master, main],
      { kind: 'deploy', branch: 'main', update: main },
    ],
    [
      'deleting main is refused',
      [update('refs/heads/main', ZERO)],
      { kind: 'reject-deletion', branch: 'main' },
    ],
    [
      'deleting master is refused even with other updates',
      [main, update('refs/heads/master', ZERO)],
      { kind: 'reject-deletion', branch: 'master' },
    ],
    [
      'deleting another branch: nothing to do',
      [update('refs/heads/feature', ZERO)],
      { kind: 'nothing' },
    ],
    [
      'a deletion and a branch push: skipped',
      [update('refs/heads/old', ZERO), update('refs/heads/feature')],
      { kind: 'skip' },
    ],
    ['no refs: nothing to do', [], { kind: 'nothing' }],
  ])('%s', (_name, updates, expected) => {
    expect(planPush(updates)).toEqual(expected);
  });
});
