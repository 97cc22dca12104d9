import { describe, expect, it } from 'vitest';
import { buildDynoEnv } from '../../../src/domain/dyno-env.js';
import { formationDynoName, oneOffDynoName, parseDynoName } from '../../../src/domain/dyno-name.js';
import { exitStatus } from '../../../src/domain/exit-status.js';
import { basePortProblem, portRoomProblem, preferredPort } from '../../../src/domain/ports.js';
import { DEFAULT_RESTART_POLICY, nextRestartDelay } from '../../../src/domain/restart-policy.js';
import { displayCommand, joinRunArgs } from '../../../src/domain/shell-command.js';
import { formatDiagnostic } from '../../../src/domain/diagnostic.js';
import { platformMessages } from '../../../src/domain/platform-messages.js';

describe('nextRestartDelay (Heroku cool-off at 1/600 scale)', () => {
  it.each([
    [1, 0],
    [2, 2_000],
    [3, 4_000],
    [4, 6_000],
    [5, 18_000],
    [6, 32_000],
    [7, 32_000],
    [50, 32_000],
  ])('crash %i → %i ms', (crashes, delay) => {
    expect(nextRestartDelay(crashes, DEFAULT_RESTART_POLICY)).toBe(delay);
  });
});

describe('exitStatus', () => {
  it.each<[number | null, NodeJS.Signals | null, number]>([
    [0, null, 0],
    [1, null, 1],
    [127, null, 127],
    [null, 'SIGTERM', 143],
    [null, 'SIGKILL', 137],
    [null, 'SIGINT', 130],
  ])('code %s signal %s → %i', (code, signal, status) => {
    expect(exitStatus(code, signal)).toBe(status);
  });
});

describe('ports', () => {
  it.each([
    [5006, 0, 1, 5006],
    [5006, 0, 2, 5007],
    [5006, 1, 1, 5106],
    [5006, 2, 3, 5208],
  ])('base %i type %i instance %i → %i', (base, type, instance, port) => {
    expect(preferredPort(base, type, instance)).toBe(port);
  });
  it.each([
    [5006, undefined],
    [1024, undefined],
    [65535, undefined],
    [80, '80 is a privileged port (below 1024)'],
    [70000, '70000 is above the highest port, 65535'],
    [50.5, '50.5 is not a whole number'],
  ])('basePortProblem(%s)', (port, problem) => {
    expect(basePortProblem(port)).toBe(problem);
  });
  it.each<[string, number, boolean, string, string | undefined, number | undefined]>([
    ['the default base', 5006, true, 'web=1,worker=1', undefined, undefined],
    ['web.1 at the top, no router', 65535, false, 'web=1', undefined, undefined],
    [
      'the router at the top',
      65535,
      true,
      'web=1',
      'base port 65535 leaves no room for the dynos: web.1 would get port 65536, above the highest port, 65535',
      65534,
    ],
    [
      'the second type past the top',
      65500,
      true,
      'web=1,worker=1',
      'base port 65500 leaves no room for the dynos: worker.1 would get port 65601, above the highest port, 65535',
      65434,
    ],
    [
      'many web dynos',
      65530,
      false,
      'web=10,worker=0',
      'base port 65530 leaves no room for the dynos: web.10 would get port 65539, above the highest port, 65535',
      65526,
    ],
    ['a type scaled to 0 asks for nothing', 65500, true, 'web=1,worker=0', undefined, undefined],
    ['nothing runs', 65535, true, 'web=0,worker=0', undefined, undefined],
  ])('portRoomProblem: %s', (_, base, withRouter, formation, message, highestBase) => {
    const quantities = new Map(
      formation.split(',').map((entry) => {
        const [type = '', quantity = '0'] = entry.split('=');
        return [type, Number(quantity)] as const;
      }),
    );
    const problem = portRoomProblem(base, withRouter, ['web', 'worker'], quantities);
    expect(problem?.message).toBe(message);
    expect(problem?.highestBase).toBe(highestBase);
  });
});

describe('buildDynoEnv', () => {
  it('layers shell < config vars < PORT and DYNO', () => {
    const env = buildDynoEnv(
      { PATH: '/bin', SHARED: 'shell', PORT: '1', DYNO: 'x', GONE: undefined },
      { SHARED: 'config', PORT: '2' },
      { dyno: 'web.1', port: 5006 },
    );
    expect(env).toEqual({ PATH: '/bin', SHARED: 'config', PORT: '5006', DYNO: 'web.1' });
  });
});

describe('dyno names', () => {
  it('names formation dynos type.N', () => {
    expect(formationDynoName('web', 2)).toBe('web.2');
  });
  it('names one-offs with a random four-digit number, avoiding names in use', () => {
    const values = [0.5, 0.5, 0];
    const name = oneOffDynoName('run', new Set(['run.5500']), () => values.shift() ?? 0);
    expect(name).toBe('run.1000');
  });
  it.each([
    ['web.1', { type: 'web', index: 1 }],
    ['my-worker.12', { type: 'my-worker', index: 12 }],
    ['web', undefined],
    ['web.0', undefined],
    ['web.x', undefined],
  ])('parseDynoName(%s)', (name, parsed) => {
    expect(parseDynoName(name)).toEqual(parsed);
  });
});

describe('displayCommand', () => {
  it.each([
    ['node server.js --port $PORT', 'node server.js --port 5006'],
    ['puma -p ${PORT} -e $RAILS_ENV', 'puma -p 5006 -e $RAILS_ENV'],
    ['echo $PORTAL', 'echo $PORTAL'],
    ['echo $PORT_X $PORT', 'echo $PORT_X 5006'],
  ])('%s', (command, shown) => {
    expect(displayCommand(command, 5006)).toBe(shown);
  });
});

describe('joinRunArgs', () => {
  it.each([
    [['echo $PORT'], 'echo $PORT'],
    [['ls', '-la'], 'ls -la'],
    [['node', '-e', 'console.log(1)'], 'node -e "console.log(1)"'],
    [['echo', 'a b'], 'echo "a b"'],
    [['echo', 'say "hi"'], 'echo "say \\"hi\\""'],
    [['echo', ''], 'echo ""'],
    [['echo', '$HOME'], 'echo $HOME'],
  ])('%j → %s', (args, command) => {
    expect(joinRunArgs(args)).toBe(command);
  });
});

describe('formatDiagnostic', () => {
  it('prints file:line:column, severity, message and hint', () => {
    expect(
      formatDiagnostic({
        severity: 'error',
        file: 'Procfile',
        line: 3,
        column: 4,
        message: 'bad',
        hint: 'fix it',
      }),
    ).toBe('Procfile:3:4: error: bad\n  fix it');
    expect(formatDiagnostic({ severity: 'warning', file: '.env', message: 'odd' })).toBe(
      '.env: warning: odd',
    );
  });
});

describe('platformMessages', () => {
  it('uses Heroku’s exact wording', () => {
    expect(platformMessages.bootTimeout(60_000)).toBe(
      'Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch',
    );
    expect(platformMessages.exitTimeout(30_000)).toBe(
      'Error R12 (Exit timeout) -> Process failed to exit within 30 seconds of SIGTERM',
    );
    expect(platformMessages.startingProcess('npm start')).toBe(
      'Starting process with command `npm start`',
    );
    expect(platformMessages.stateChanged('starting', 'up')).toBe(
      'State changed from starting to up',
    );
    expect(platformMessages.processExited(143)).toBe('Process exited with status 143');
  });
});
