// What a scratch `hdev start --format json` run says about the app, read line by line: the
// release phase, each dyno's boot (up, R10, bound to another port), crashes with their last
// output, R12 on stop, and the router's H codes. Pure: log lines in, observations out.
import { WEB_TYPE } from '../domain/dyno-name.js';

export interface LogLine {
  readonly source: string;
  readonly dyno: string;
  readonly message: string;
}

export interface DynoObservation {
  up: boolean;
  crashes: number;
  /** `Error R10 …`, when the boot timed out. */
  bootTimeout?: string;
  /** hdev's notice that the dyno listens, but not on $PORT. */
  wrongPort?: string;
  /** hdev's warning that the dyno listens on loopback only. */
  loopbackOnly?: string;
  exitTimeout?: string;
  /** The dyno's last lines of output, for a crash report. */
  readonly lastLines: string[];
}

export interface LiveObservations {
  release: 'none' | 'passed' | 'failed';
  releaseMessage?: string;
  readonly releaseLines: string[];
  readonly dynos: Map<string, DynoObservation>;
  readonly routerErrors: string[];
}

const KEPT_LINES = 5;

export function newObservations(): LiveObservations {
  return { release: 'none', releaseLines: [], dynos: new Map(), routerErrors: [] };
}

/** One JSON log line of `hdev start --format json`; undefined for anything else. */
export function parseLogLine(text: string): LogLine | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const { source, dyno, message } = value;
    if (typeof source !== 'string' || typeof dyno !== 'string' || typeof message !== 'string')
      return undefined;
    return { source, dyno, message };
  } catch {
    return undefined;
  }
}

function remember(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > KEPT_LINES) lines.shift();
}

function dynoOf(observations: LiveObservations, name: string): DynoObservation {
  let dyno = observations.dynos.get(name);
  if (dyno === undefined) {
    dyno = { up: false, crashes: 0, lastLines: [] };
    observations.dynos.set(name, dyno);
  }
  return dyno;
}

export function observe(observations: LiveObservations, line: LogLine): void {
  const { dyno: name, message } = line;
  if (name === 'router') {
    const code = /code=(H\d+)/.exec(message)?.[1];
    if (code !== undefined) observations.routerErrors.push(message);
    return;
  }
  if (/^Release v\d+ created/.test(message) && observations.release !== 'failed') {
    observations.release = 'passed';
    return;
  }
  if (/^Release v\d+ failed/.test(message)) {
    observations.release = 'failed';
    observations.releaseMessage = message;
    return;
  }
  if (name.startsWith('release')) {
    if (line.source === 'app') remember(observations.releaseLines, message);
    return;
  }
  if (!/^[\w-]+\.\d+$/.test(name)) return;
  const dyno = dynoOf(observations, name);
  if (line.source === 'app') remember(dyno.lastLines, message);
  else if (/^State changed from \w+ to up$/.test(message)) dyno.up = true;
  else if (/^State changed from \w+ to crashed$/.test(message)) {
    dyno.up = false;
    dyno.crashes++;
  } else if (/^Error R10 /.test(message)) dyno.bootTimeout = message;
  else if (/^Error R12 /.test(message)) dyno.exitTimeout = message;
  else if (/is listening on .*, not on \$PORT/.test(message)) dyno.wrongPort = message;
  else if (/only; on Heroku a web dyno must bind/.test(message)) dyno.loopbackOnly = message;
}

/** Every web dyno seen has booted or failed to: up, crashed, R10, or bound elsewhere. */
export function bootSettled(observations: LiveObservations, expectWeb: boolean): boolean {
  const dynos = [...observations.dynos.entries()];
  const web = dynos.filter(([name]) => name.startsWith(`${WEB_TYPE}.`)).map(([, dyno]) => dyno);
  const decided = (dyno: DynoObservation): boolean =>
    dyno.up || dyno.crashes > 0 || dyno.bootTimeout !== undefined || dyno.wrongPort !== undefined;
  if (expectWeb) return web.length > 0 && web.every(decided);
  return dynos.length > 0 && dynos.every(([, dyno]) => decided(dyno));
}
