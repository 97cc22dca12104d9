// Dyno lifecycle timing with a fake clock and fake processes: cool-offs, stable reset, R12.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY } from '../../../src/domain/restart-policy.js';
import { LogBus } from '../../../src/logs/log-bus.js';
import type { DynoSpec } from '../../../src/supervisor/dyno.js';
import { Dyno } from '../../../src/supervisor/dyno.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FakeProcesses } from '../../helpers/fake-processes.js';

const WORKER: DynoSpec = {
  name: 'worker.1',
  type: 'worker',
  command: 'node worker.js',
  port: 5106,
  env: {},
  cwd: '/app',
  oneOff: false,
};

function setup(options: { restart?: boolean; spec?: Partial<DynoSpec> } = {}) {
  const clock = new FakeClock();
  const processes = new FakeProcesses();
  const bus = new LogBus();
  const states: string[] = [];
  const dyno = new Dyno(
    { ...WORKER, ...options.spec },
    {
      bus,
      clock,
      spawner: processes.spawner,
      processes,
      runId: 'test-run',
      timings: { bootTimeoutMs: 60_000, stopTimeoutMs: 30_000 },
      restartPolicy: DEFAULT_RESTART_POLICY,
      shouldRestart: () => options.restart ?? true,
      onStateChange: (_dyno, from, to) => states.push(`${from}->${to}`),
      onExit: () => undefined,
    },
  );
  const platformLines = (): string[] =>
    bus
      .history()
      .filter((batch) => batch.source === 'heroku')
      .flatMap((batch) => LogBus.splitLines(batch));
  return { clock, processes, dyno, states, platformLines };
}

async function crashLatest(clock: FakeClock, processes: FakeProcesses, code = 1): Promise<void> {
  processes.children.at(-1)?.exit(code);
  await clock.advance(200); // let the exit drain and be handled
}

describe('Dyno', () => {
  it('boots a non-web dyno straight to up', async () => {
    const { dyno, clock, states, platformLines } = setup();
    dyno.boot();
    await clock.advance(0);
    expect(dyno.state).toBe('up');
    expect(states).toEqual(['down->starting', 'starting->up']);
    expect(platformLines()).toEqual([
      'State changed from down to starting',
      'Starting process with command `node worker.js`',
      'State changed from starting to up',
    ]);
  });

  it('restarts at once after the first crash, then after growing cool-offs', async () => {
    const { dyno, clock, processes } = setup();
    dyno.boot();
    await crashLatest(clock, processes);
    expect(processes.children).toHaveLength(2); // immediate restart
    await crashLatest(clock, processes);
    expect(dyno.state).toBe('crashed');
    await clock.advance(1_500);
    expect(processes.children).toHaveLength(2); // still cooling off (2 s)
    await clock.advance(400);
    expect(processes.children).toHaveLength(3);
    await crashLatest(clock, processes);
    await clock.advance(3_700);
    expect(processes.children).toHaveLength(3); // 4 s this time
    await clock.advance(200);
    expect(processes.children).toHaveLength(4);
    expect(dyno.restarts).toBe(3);
  });

  it('resets the cool-off once a dyno has stayed up long enough', async () => {
    const { dyno, clock, processes } = setup();
    dyno.boot();
    await crashLatest(clock, processes);
    await crashLatest(clock, processes);
    await clock.advance(2_000);
    expect(processes.children).toHaveLength(3);
    await clock.advance(DEFAULT_RESTART_POLICY.stableAfterMs);
    await crashLatest(clock, processes);
    expect(processes.children).toHaveLength(4); // immediate again
  });

  it('counts an exit with status 0 as a crash', async () => {
    const { dyno, clock, processes, platformLines } = setup({ restart: false });
    dyno.boot();
    await crashLatest(clock, processes, 0);
    expect(dyno.state).toBe('crashed');
    expect(platformLines()).toContain('Process exited with status 0');
    expect(platformLines()).toContain('State changed from up to crashed');
  });

  it('stops with SIGTERM to the group and goes down', async () => {
    const { dyno, clock, processes, platformLines } = setup();
    dyno.boot();
    await clock.advance(0);
    const stopped = dyno.stop();
    await clock.advance(200);
    await stopped;
    expect(dyno.state).toBe('down');
    expect(processes.signals[0]).toEqual({ pgid: processes.children[0]?.pid, signal: 'SIGTERM' });
    expect(platformLines().slice(-3)).toEqual([
      'State changed from up to down',
      'Stopping all processes with SIGTERM',
      'Process exited with status 143',
    ]);
  });

  it('R12: SIGKILLs after the stop timeout when SIGTERM is ignored', async () => {
    const { dyno, clock, processes, platformLines } = setup();
    processes.exitOnSigterm = false;
    dyno.boot();
    await clock.advance(0);
    const stopped = dyno.stop();
    await clock.advance(29_000);
    expect(processes.children[0]?.alive).toBe(true);
    await clock.advance(1_200);
    await stopped;
    expect(dyno.state).toBe('down');
    expect(platformLines()).toContain(
      'Error R12 (Exit timeout) -> Process failed to exit within 30 seconds of SIGTERM',
    );
    expect(platformLines()).toContain('Stopping process with SIGKILL');
    expect(platformLines()).toContain('Process exited with status 137');
  });

  it('kill() skips the grace period', async () => {
    const { dyno, clock, processes, platformLines } = setup();
    processes.exitOnSigterm = false;
    dyno.boot();
    await clock.advance(0);
    const stopped = dyno.stop();
    await clock.advance(100);
    dyno.kill();
    await clock.advance(100);
    await stopped;
    expect(dyno.state).toBe('down');
    expect(platformLines().some((line) => line.startsWith('Error R12'))).toBe(false);
  });

  it('a crashed dyno waiting for its cool-off stops at once', async () => {
    const { dyno, clock, processes } = setup();
    dyno.boot();
    await crashLatest(clock, processes);
    await crashLatest(clock, processes);
    expect(dyno.state).toBe('crashed');
    await dyno.stop();
    expect(dyno.state).toBe('down');
    await clock.advance(60_000);
    expect(processes.children).toHaveLength(2); // the pending restart was cancelled
  });

  it('a one-off dyno that exits is complete, not crashed, and never restarts', async () => {
    const { dyno, clock, processes } = setup({
      spec: { name: 'release.1234', type: 'release', oneOff: true },
    });
    dyno.boot();
    await crashLatest(clock, processes, 0);
    expect(dyno.state).toBe('complete');
    expect(processes.children).toHaveLength(1);
  });
});
