// The UI's engine shows a deploy's progress (build, release phase, rollout) while it runs.
import { describe, expect, it } from 'vitest';
import type { AppSpec, ProcessType } from '../../../src/domain/app-spec.js';
import { DEFAULT_RESTART_POLICY } from '../../../src/domain/restart-policy.js';
import { createTuiEngine } from '../../../src/cli/tui-engine.js';
import { LogBus } from '../../../src/logs/log-bus.js';
import { Deployer } from '../../../src/releases/deployer.js';
import { Supervisor } from '../../../src/supervisor/supervisor.js';
import { FakeClock, flushMicrotasks } from '../../helpers/fake-clock.js';
import { FakeProcesses } from '../../helpers/fake-processes.js';

const WORKER: ProcessType = { name: 'worker', command: 'node worker.js', line: 1 };

function appSpec(configVars: Record<string, string>): AppSpec {
  return {
    root: '/app',
    name: 'app',
    procfilePath: '/app/Procfile',
    procfile: { types: [WORKER] },
    envFiles: ['/app/.env'],
    configVars: { values: configVars, origins: {} },
    appJson: undefined,
    diagnostics: [],
  };
}

describe('createTuiEngine', () => {
  it('shows the build of a deploy in the notice until the deploy is done', async () => {
    const clock = new FakeClock();
    const processes = new FakeProcesses();
    const bus = new LogBus();
    const supervisor = new Supervisor(
      {
        root: '/app',
        processTypes: [WORKER],
        configVars: {},
        shellEnv: {},
        formation: new Map([['worker', 1]]),
        basePort: 40_000,
        timings: { bootTimeoutMs: 1_000, stopTimeoutMs: 1_000 },
        restartPolicy: DEFAULT_RESTART_POLICY,
        exitOnCrash: false,
      },
      { bus, clock, spawner: processes.spawner, processes },
    );
    const deployer = new Deployer(
      appSpec({}),
      { root: '/app', loadApp: () => appSpec({}), buildCommand: 'npm run build', preboot: false },
      { supervisor, bus, clock },
    );
    const engine = createTuiEngine(supervisor, deployer, bus, {
      appName: 'app',
      routerUrl: undefined,
      requestStop: () => undefined,
    });
    try {
      const started = deployer.start();
      await flushMicrotasks();
      processes.children.find((child) => child.request.command === 'npm run build')?.exit(0);
      await started;

      const deploy = deployer.deploy(new Set(['/app/worker.js']));
      for (let turn = 0; turn < 50 && engine.snapshot().notice === undefined; turn++) {
        await flushMicrotasks();
      }
      expect(engine.snapshot().notice).toBe('building v2…');
      const build = processes.children.filter((child) => child.request.command === 'npm run build');
      build[build.length - 1]?.exit(0);
      await deploy;
      expect(engine.snapshot().notice).toBeUndefined();
      expect(engine.snapshot().release).toBe(2);
    } finally {
      engine.dispose();
      await supervisor.shutdown();
    }
  });
});
