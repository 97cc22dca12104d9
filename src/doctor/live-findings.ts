// The scratch run's observations as checklist items, in Heroku's terms (R10, R12, H codes).
import { HEROKU_BOOT_TIMEOUT_MS } from '../domain/defaults.js';
import { WEB_TYPE } from '../domain/dyno-name.js';

import type { Finding } from './finding.js';
import { ok, problem } from './finding.js';
import type { LiveObservations } from './live-log.js';

const GROUP = 'Live run';

export interface LiveOutcome {
  readonly observations: LiveObservations;
  /** The app has a `release` process type. */
  readonly hasRelease: boolean;
  readonly hasWeb: boolean;
  /** The boot timeout the run used, and whether it was shorter than Heroku's 60 s. */
  readonly bootTimeoutMs: number;
  /** GET / through the router: its status, or why there was none. */
  readonly request?: { readonly status?: number; readonly error?: string };
  /** How long the dynos were watched after booting. */
  readonly watchedMs: number;
  /** The scratch run stopped within the grace period. */
  readonly stoppedInTime: boolean;
  /** Pids of processes of the run still alive after it stopped (they were killed). */
  readonly leftovers: readonly number[];
}

function lastLines(lines: readonly string[]): string {
  return lines.length === 0 ? '(no output)' : lines.map((line) => `| ${line}`).join(' ');
}

function releaseFindings(outcome: LiveOutcome): Finding[] {
  const { observations } = outcome;
  if (!outcome.hasRelease) return [];
  if (observations.release === 'passed') return [ok(GROUP, 'the release phase passes')];
  return [
    problem(
      GROUP,
      'error',
      `the release phase fails: ${observations.releaseMessage ?? 'it did not finish'}; last output ${lastLines(observations.releaseLines)}`,
      'Run the release command by hand (hdev run release) and fix it: Heroku keeps the previous release running and starts no dyno of this one.',
      { file: 'Procfile' },
    ),
  ];
}

function bootFindings(outcome: LiveOutcome): Finding[] {
  const seconds = Math.round(outcome.bootTimeoutMs / 1000);
  const herokuSeconds = HEROKU_BOOT_TIMEOUT_MS / 1000;
  return [...outcome.observations.dynos.entries()]
    .filter(([name]) => name.startsWith(`${WEB_TYPE}.`))
    .map(([name, dyno]) => {
      if (dyno.wrongPort !== undefined)
        return problem(
          GROUP,
          'error',
          `R10 (Boot timeout): ${dyno.wrongPort}`,
          'Listen on the port in $PORT (process.env.PORT, os.environ["PORT"]), and do not set PORT as a config var.',
        );
      if (dyno.bootTimeout !== undefined)
        return problem(
          GROUP,
          'error',
          `${name}: ${dyno.bootTimeout}${seconds < herokuSeconds ? ` (hdev doctor waited ${seconds} s; Heroku waits ${herokuSeconds} s)` : ''}`,
          'Bind $PORT on 0.0.0.0 sooner: build before the web process starts, not in it.',
        );
      if (dyno.loopbackOnly !== undefined)
        return problem(
          GROUP,
          'error',
          dyno.loopbackOnly,
          "Listen on 0.0.0.0 (or leave out the host: Node's and most servers' default is all interfaces).",
        );
      if (dyno.up) return ok(GROUP, `${name} binds $PORT`);
      return problem(
        GROUP,
        'error',
        `${name} never bound $PORT: it crashed while booting; last output ${lastLines(dyno.lastLines)}`,
        'Run the web command by hand (hdev run web) and fix the crash.',
      );
    });
}

function requestFindings(outcome: LiveOutcome): Finding[] {
  const { request } = outcome;
  if (request === undefined) return [];
  const codes = [
    ...new Set(outcome.observations.routerErrors.map((line) => /code=(H\d+)/.exec(line)?.[1])),
  ].filter(Boolean);
  const desc = /desc="([^"]*)"/.exec(outcome.observations.routerErrors[0] ?? '')?.[1];
  const named =
    codes.length === 0 ? '' : ` (${codes.join(', ')}${desc === undefined ? '' : `: ${desc}`})`;
  if (request.status !== undefined && request.status < 500)
    return [ok(GROUP, `GET / through the router answers ${request.status}`)];
  const what =
    request.status === undefined
      ? `no answer (${request.error ?? 'unknown error'})`
      : `status ${request.status}`;
  return [
    problem(
      GROUP,
      'error',
      `GET / through the router: ${what}${named}`,
      "Look at the web dyno's log for the error behind it (hdev start, then open the page).",
    ),
  ];
}

function stabilityFindings(outcome: LiveOutcome): Finding[] {
  const seconds = Math.round(outcome.watchedMs / 1000);
  return [...outcome.observations.dynos.entries()]
    .filter(([, dyno]) => dyno.wrongPort === undefined && dyno.bootTimeout === undefined)
    .map(([name, dyno]) =>
      dyno.crashes === 0
        ? ok(GROUP, `${name} stays up ${seconds} s`)
        : problem(
            GROUP,
            'error',
            `${name} crashed (${dyno.crashes}×); last output ${lastLines(dyno.lastLines)}`,
            'A dyno whose command exits is restarted with growing cool-offs on Heroku: keep the process running, and fix the error above.',
          ),
    );
}

function stopFindings(outcome: LiveOutcome): Finding[] {
  const findings: Finding[] = [];
  for (const [name, dyno] of outcome.observations.dynos) {
    if (dyno.exitTimeout !== undefined)
      findings.push(
        problem(
          GROUP,
          'error',
          `${name}: ${dyno.exitTimeout}`,
          'Handle SIGTERM: stop taking work, finish what is in flight, and exit within 30 s.',
        ),
      );
  }
  if (findings.length === 0 && outcome.stoppedInTime)
    findings.push(ok(GROUP, 'every dyno stops within 30 s of SIGTERM'));
  if (!outcome.stoppedInTime)
    findings.push(
      problem(
        GROUP,
        'error',
        'the scratch run did not stop in time and was killed',
        'Handle SIGTERM in every process and exit within 30 s.',
      ),
    );
  findings.push(
    outcome.leftovers.length === 0
      ? ok(GROUP, 'nothing is left running afterwards')
      : problem(
          GROUP,
          'error',
          `processes outlived their dynos (pids ${outcome.leftovers.join(', ')}; killed)`,
          'Do not daemonize or detach from the dyno; keep child processes in the foreground.',
        ),
  );
  return findings;
}

export function liveFindings(outcome: LiveOutcome): Finding[] {
  return [
    ...releaseFindings(outcome),
    ...bootFindings(outcome),
    ...requestFindings(outcome),
    ...stabilityFindings(outcome),
    ...stopFindings(outcome),
  ];
}
