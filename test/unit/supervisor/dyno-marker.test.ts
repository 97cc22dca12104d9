import { describe, expect, it } from 'vitest';
import type { ProcFs } from '../../../src/supervisor/dyno-marker.js';
import {
  dynoMarker,
  dynoNeedle,
  runNeedle,
  scanMarkedProcesses,
} from '../../../src/supervisor/dyno-marker.js';

interface FakeProcess {
  readonly uid: number;
  readonly state?: string;
  readonly environ?: string;
}

/** /proc as a table; a process without environ cannot be read (EACCES). */
function fakeProc(processes: Readonly<Record<string, FakeProcess>>): ProcFs {
  const gone = (): never => {
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  };
  return {
    readdirSync: () => ['self', 'cpuinfo', ...Object.keys(processes)],
    statSync: (path) => ({ uid: processes[path.split('/')[2] ?? '']?.uid ?? gone() }),
    readFileSync: (path) => {
      const [, , pid = '', file] = path.split('/');
      const info = processes[pid] ?? gone();
      if (file === 'stat') return `${pid} (sh) ${info.state ?? 'S'} 1 ${pid}`;
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
