import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/doctor/finding.js';
import {
  exitCodeFor,
  formatJsonReport,
  formatReport,
  summarize,
} from '../../../src/doctor/report.js';
import { rangeAllowsMajor } from '../../../src/doctor/version-range.js';
import {
  bootSettled,
  newObservations,
  observe,
  parseLogLine,
} from '../../../src/doctor/live-log.js';
import { runtimeChecks, SUPPORTED_RUNTIMES } from '../../../src/doctor/runtime-checks.js';
import type { AppFacts } from '../../../src/doctor/facts.js';

const findings: Finding[] = [
  { group: 'Procfile', status: 'ok', message: 'Procfile is in the app root', file: 'Procfile' },
  {
    group: 'Config vars',
    status: 'error',
    message: 'PORT=8000 is set',
    file: '.env',
    line: 2,
    fix: 'Remove the PORT line',
  },
  {
    group: 'Dependencies',
    status: 'warning',
    message: 'flask is not pinned',
    file: 'requirements.txt',
    line: 1,
    fix: 'Pin it',
  },
];

describe('doctor report', () => {
  it('reads like the checklist: groups, file:line, the fix, a summary', () => {
    const text = formatReport('app', findings, { color: false, strict: false });
    expect(text).toBe(
      [
        'hdev doctor: app',
        '',
        'Procfile',
        '  [ok]    Procfile is in the app root',
        '',
        'Config vars',
        '  [error] .env:2: PORT=8000 is set',
        '      fix: Remove the PORT line',
        '',
        'Dependencies',
        '  [warn]  requirements.txt:1: flask is not pinned',
        '      fix: Pin it',
        '',
        '1 error(s), 1 warning(s), 1 passed: not ready to deploy',
        '',
      ].join('\n'),
    );
    expect(text).not.toContain('\u001b[');
  });

  it('uses colour and symbols only when asked', () => {
    const text = formatReport('app', findings, { color: true, strict: false });
    expect(text).toContain('\u001b[31m✖\u001b[39m .env:2:');
    expect(text).toContain('\u001b[32m✔\u001b[39m Procfile');
  });

  it.each([
    { statuses: ['ok'], strict: false, code: 0 },
    { statuses: ['ok', 'warning'], strict: false, code: 0 },
    { statuses: ['ok', 'warning'], strict: true, code: 1 },
    { statuses: ['error'], strict: false, code: 1 },
  ] as const)('exit $code for $statuses (strict: $strict)', ({ statuses, strict, code }) => {
    const list = statuses.map((status): Finding => ({ group: 'Procfile', status, message: 'x' }));
    expect(exitCodeFor(summarize(list), strict)).toBe(code);
  });

  it('has a JSON form for CI', () => {
    const json = JSON.parse(formatJsonReport('app', findings)) as Record<string, unknown>;
    expect(json.summary).toEqual({ errors: 1, warnings: 1, passed: 1 });
    expect(json.findings).toEqual(findings);
  });
});

describe('rangeAllowsMajor', () => {
  it.each([
    ['20.x', 20, true],
    ['20.x', 22, false],
    ['>=20.19', 22, true],
    ['>=20.19', 20, true],
    ['>=22', 20, false],
    ['^18.2', 20, false],
    ['~22.1', 22, true],
    ['18 || 22', 22, true],
    ['>=18 <21', 20, true],
    ['>=18 <21', 22, false],
    ['<22.0.0', 22, false],
    ['<22.1', 22, true],
    ['*', 24, true],
    ['16.x', 20, false],
    ['18 - 22', 20, true],
  ] as const)('%s allows %i: %s', (range, major, allowed) => {
    expect(rangeAllowsMajor(range, major)).toBe(allowed);
  });
});

describe('supported runtimes table', () => {
  it('says where it comes from and when it was checked', () => {
    expect(SUPPORTED_RUNTIMES.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(SUPPORTED_RUNTIMES.python.length).toBeGreaterThan(0);
  });
});

describe('live log observations', () => {
  const line = (dyno: string, message: string, source = 'heroku'): string =>
    JSON.stringify({ time: 't', source, dyno, message });

  it('follows boot, crash, R10 notices, R12 and router codes', () => {
    const observations = newObservations();
    for (const text of [
      line('api', 'Release v1 created'),
      line('web.1', 'State changed from starting to up'),
      line('worker.1', 'boom', 'app'),
      line('worker.1', 'State changed from up to crashed'),
      line(
        'web.2',
        'web.2 is listening on 3000, not on $PORT (5001); on Heroku this fails with R10 after 60 s',
      ),
      line(
        'web.1',
        'Error R12 (Exit timeout) -> Process failed to exit within 30 seconds of SIGTERM',
      ),
      line('router', 'at=error code=H13 desc="Connection closed without response"'),
      'not json',
    ]) {
      const parsed = parseLogLine(text);
      if (parsed !== undefined) observe(observations, parsed);
    }
    expect(observations.release).toBe('passed');
    expect(observations.dynos.get('web.1')?.up).toBe(true);
    expect(observations.dynos.get('web.1')?.exitTimeout).toMatch(/R12/);
    expect(observations.dynos.get('worker.1')).toMatchObject({ crashes: 1, lastLines: ['boom'] });
    expect(observations.dynos.get('web.2')?.wrongPort).toMatch(/3000/);
    expect(observations.routerErrors).toHaveLength(1);
    expect(bootSettled(observations, true)).toBe(true);
  });

  it('is not settled while a web dyno is still starting', () => {
    const observations = newObservations();
    observe(observations, {
      source: 'heroku',
      dyno: 'web.1',
      message: 'Starting process with command `x`',
    });
    expect(bootSettled(observations, true)).toBe(false);
  });
});

describe('runtime checks against the local runtimes', () => {
  const facts = (files: Record<string, string>, python?: string): AppFacts => ({
    root: '/app',
    rootEntries: Object.keys(files),
    nestedProcfiles: [],
    files,
    app: undefined,
    checkDiagnostics: { procfile: [], env: [], appJson: [] },
    requiredVarDiagnostics: [],
    envFiles: [],
    git: undefined,
    localRuntimes: python === undefined ? {} : { python },
  });

  it.each([
    { local: '3.11.7', wanted: '3.12', status: 'warning', message: /3\.11\.7 is installed here/ },
    { local: '3.12.3', wanted: '3.12', status: 'ok', message: /Python 3\.12 is supported/ },
  ] as const)('Python $wanted with $local installed', ({ local, wanted, status, message }) => {
    const findings = runtimeChecks(facts({ '.python-version': `${wanted}\n` }, local));
    expect(findings.find((f) => message.test(f.message))?.status).toBe(status);
  });
});
