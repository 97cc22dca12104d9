import { describe, expect, it } from 'vitest';
import {
  ownerIsAlive,
  ownerRecordPath,
  parseOwnerRecord,
  processStartTime,
} from '../../../src/control/owner-record.js';

const RECORD = { pid: 4242, startTime: '123', runId: '4242-abc', appRoot: '/app' };

describe('owner record', () => {
  it('sits next to the socket', () => {
    expect(ownerRecordPath('/run/user/1000/hdev-1000/0123abcd.sock')).toBe(
      '/run/user/1000/hdev-1000/0123abcd.owner.json',
    );
  });

  it.each<[string, string, unknown]>([
    ['a record', JSON.stringify(RECORD), RECORD],
    [
      'a record without a start time (not Linux)',
      JSON.stringify({ ...RECORD, startTime: undefined }),
      { ...RECORD, startTime: undefined },
    ],
    ['truncated', JSON.stringify(RECORD).slice(0, 10), undefined],
    ['not an object', '42', undefined],
    ['a pid that is not one', JSON.stringify({ ...RECORD, pid: -1 }), undefined],
    ['no run id', JSON.stringify({ ...RECORD, runId: 7 }), undefined],
  ])('parses %s', (_name, text, expected) => {
    expect(parseOwnerRecord(text)).toEqual(expected);
  });

  it('tells a live owner from a dead one and from a reused pid', () => {
    const self = { ...RECORD, pid: process.pid, startTime: processStartTime(process.pid) };
    expect(ownerIsAlive(self)).toBe(true);
    expect(ownerIsAlive({ ...self, pid: 2 ** 22 + 1 })).toBe(false);
    if (process.platform === 'linux') {
      expect(ownerIsAlive({ ...self, startTime: 'another' })).toBe(false);
    }
  });
});
