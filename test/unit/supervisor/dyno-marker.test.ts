import { describe, expect, it } from 'vitest';
import type { ProcFs } from '../../../src/supervisor/dyno-marker.js';
import {
  dynoMarker,
  dynoNeedle,
  runNeedle,
  scanMarkedProcesses,
  statStartTicks,
} from '../../../src/supervisor/dyno-marker.js';

interface FakeProcess {
  readonly uid: number;
  readonly state?: string;
  readonly environ?: string;
  /** Field 22 of /proc/PID/stat: clock ticks after boot. */
  readonly startTicks?: number;
  /** Its process group; its own pid when not given. */
  readonly pgid?: number;
}

/** A /proc/PID/stat line with fields 3 to 22 (state, ppid, pgid, …, start time). */
function statLine(pid: string, info: FakeProcess): string {
  const fields = Array.from({ length: 20 }, () => '0');
  fields[0] = info.state ?? 'S';
  fields[1] = '1';
  fields[2] = String(info.pgid ?? pid);
  fields[19] = String(info.startTicks ?? 0);
  return `${pid} (a name) with spaces) ${fields.join(' ')} 0 0`;
}

/** /proc as a table; a process without environ cannot be read (EACCES). */
function fakeProc(
  processes: Readonly<Record<string, FakeProcess>>,
  environsRead: string[] = [],
): ProcFs {
  const gone = (): never => {
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  };
  return {
    readdirSync: () => ['self', 'cpuinfo', ...Object.keys(processes)],
    statSync: (path) => ({ uid: processes[path.split('/')[2] ?? '']?.uid ?? gone() }),
    readFileSync: (path) => {
      const [, , pid = '', file] = path.split('/');
      const info = processes[pid] ?? gone();
      if (file === 'stat') return statLine(pid, info);
      environsRead.push(pid);
      return info.environ ?? gone();
    },
  };
}

const marker = dynoMarker('77-abc', 'web.1#1');
const env = (...entries: string[]): string => `${entries.join('\0')}\0`;

describe('scanMarkedProcesses', () => {
  const proc = fakeProc({
    '10': { uid: 1000, environ: env('PATH=/bin', `HDEV_DYNO_ID=${marker}`) },
    '11': { uid: 1000, environ: env(`HDEV_DYNO_ID=${marker}`, 'PATH=/bin') },
    '12': { uid: 1000, environ: env(`HDEV_DYNO_ID=${dynoMarker('77-abc', 'web.1#12')}`) },
    '13': { uid: 1000, state: 'Z', environ: env(`HDEV_DYNO_ID=${marker}`) },
    '14': { uid: 0, environ: env(`HDEV_DYNO_ID=${marker}`) },
    '15': { uid: 1000 },
    '16': { uid: 1000, environ: env(`X=HDEV_DYNO_ID=${marker}`) },
    '17': { uid: 1000, environ: env(`HDEV_DYNO_ID=${dynoMarker('78-def', 'web.1#1')}`) },
  });

  it("finds one dyno's live processes of this user, wherever the marker is", () => {
    expect(scanMarkedProcesses(dynoNeedle(marker), proc, 1000)).toEqual([10, 11]);
  });

  it("finds every dyno of a run, and only that run's", () => {
    expect(scanMarkedProcesses(runNeedle('77-abc'), proc, 1000)).toEqual([10, 11, 12]);
  });

  it.each([
    { startedSince: 0, found: [10, 11, 12], read: ['10', '11', '12'] },
    { startedSince: 500, found: [11, 12], read: ['11', '12'] },
    { startedSince: 501, found: [12], read: ['12'] },
    { startedSince: 9000, found: [], read: [] },
  ])(
    'skips processes older than $startedSince ticks without reading their environment',
    ({ startedSince, found, read }) => {
      const environsRead: string[] = [];
      const aged = fakeProc(
        {
          '10': { uid: 1000, startTicks: 100, environ: env(`HDEV_DYNO_ID=${marker}`) },
          '11': { uid: 1000, startTicks: 500, environ: env(`HDEV_DYNO_ID=${marker}`) },
          '12': { uid: 1000, startTicks: 8000, environ: env(`HDEV_DYNO_ID=${marker}`) },
        },
        environsRead,
      );
      expect(scanMarkedProcesses(dynoNeedle(marker), aged, 1000, { startedSince })).toEqual(found);
      expect(environsRead).toEqual(read);
    },
  );

  it('finds only the processes that left the dyno’s group when asked', () => {
    const grouped = fakeProc({
      '10': { uid: 1000, environ: env(`HDEV_DYNO_ID=${marker}`) },
      '11': { uid: 1000, pgid: 10, environ: env(`HDEV_DYNO_ID=${marker}`) },
      '12': { uid: 1000, environ: env(`HDEV_DYNO_ID=${marker}`) },
      '13': { uid: 1000, pgid: 12, environ: env(`HDEV_DYNO_ID=${marker}`) },
    });
    expect(scanMarkedProcesses(dynoNeedle(marker), grouped, 1000, { outsideGroup: 10 })).toEqual([
      12, 13,
    ]);
    expect(scanMarkedProcesses(dynoNeedle(marker), grouped, 1000)).toEqual([10, 11, 12, 13]);
  });

  it('reads the start time of a process whose name holds spaces and parentheses', () => {
    expect(statStartTicks(statLine('42', { uid: 0, startTicks: 12345 }))).toBe(12345);
  });

  it('finds nothing where there is no /proc', () => {
    const none: ProcFs = {
      ...proc,
      readdirSync: () => {
        throw new Error('ENOENT');
      },
    };
    expect(scanMarkedProcesses(runNeedle('77-abc'), none, 1000)).toEqual([]);
  });
});
