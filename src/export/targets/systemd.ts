// systemd: foreman's layout. APP.target wants one APP-TYPE.N.service per dyno; the config vars
// are in APP.env (an EnvironmentFile, mode 600); the release phase is a oneshot unit that every
// dyno unit Requires= and comes After=.
import { join } from 'node:path';
import type { ExportFile, ExportResult } from '../files.js';
import { headerLines } from '../files.js';
import type { ExportDyno, ExportModel } from '../model.js';
import { unitName } from '../names.js';
import { WEB_TYPE } from '../../domain/dyno-name.js';

/** systemd expands `%` specifiers in unit settings (systemd.unit(5)); `%%` is a literal `%`. */
function escapeSpecifiers(value: string): string {
  return value.replaceAll('%', '%%');
}

/**
 * One ExecStart= word, double-quoted: systemd unescapes `\\` and `\"` in it, replaces `$VAR`
 * itself unless written `$$` (systemd.service(5), "Command lines"), and expands `%`.
 */
function execWord(value: string): string {
  const escaped = value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('$', '$$$$');
  return `"${escapeSpecifiers(escaped)}"`;
}

/**
 * One EnvironmentFile= assignment. systemd.exec(5): in a double-quoted value, a backslash keeps
 * the next `"`, `\`, `` ` `` or `$` and any other backslash stays as it is; newlines are kept.
 * The file's contents are not subject to `%` specifiers.
 */
function environmentFileLine(key: string, value: string): string {
  return `${key}="${value.replace(/["\\`$]/g, (char) => `\\${char}`)}"`;
}

/** Heroku runs the command with bash; the shell expands $PORT and the config vars. */
function execStart(command: string): string {
  return `ExecStart=/bin/bash -c ${execWord(command)}`;
}

interface Units {
  readonly app: string;
  readonly target: string;
  readonly release: string;
  readonly envFile: string;
}

function units(model: ExportModel): Units {
  const app = unitName(model.appName);
  return {
    app,
    target: `${app}.target`,
    release: `${app}-release.service`,
    envFile: `${app}.env`,
  };
}

function serviceUnit(model: ExportModel, u: Units, dyno: ExportDyno): string {
  const release =
    model.release === undefined ? [] : [`Requires=${u.release}`, `After=${u.release}`];
  return [
    headerLines('# ', [`Dyno ${dyno.name} of ${model.appName}.`]).trimEnd(),
    '[Unit]',
    `Description=${escapeSpecifiers(`${model.appName} ${dyno.name}`)}`,
    `PartOf=${u.target}`,
    'StopWhenUnneeded=yes',
    ...release,
    // Heroku never gives up restarting a dyno; systemd would after 5 quick failures.
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    `WorkingDirectory=${escapeSpecifiers(model.appRoot)}`,
    `EnvironmentFile=${escapeSpecifiers(join(model.location, u.envFile))}`,
    // After EnvironmentFile= in the file, but systemd lets the file win: PORT and DYNO are
    // therefore never written to it.
    `Environment=PORT=${dyno.port}`,
    `Environment=DYNO=${escapeSpecifiers(dyno.name)}`,
    execStart(dyno.command),
    'Restart=always',
    'RestartSec=1s',
    // Heroku sends SIGTERM to every process in the dyno, then SIGKILL after the timeout (R12).
    // That is control-group; foreman's `mixed` would only signal the shell bash runs first.
    'KillMode=control-group',
    `TimeoutStopSec=${model.stopTimeoutSeconds}`,
    '',
  ].join('\n');
}

function releaseUnit(model: ExportModel, u: Units, command: string): string {
  return [
    headerLines('# ', [
      `Release phase of ${model.appName}: runs once before the dynos start; they Require it,`,
      `so a failed release phase keeps them down. Rerun it with: systemctl restart ${u.target}`,
    ]).trimEnd(),
    '[Unit]',
    `Description=${escapeSpecifiers(`${model.appName} release phase`)}`,
    `PartOf=${u.target}`,
    '',
    '[Service]',
    'Type=oneshot',
    // Stays "active" after success, so dyno restarts do not run the release phase again.
    'RemainAfterExit=yes',
    `WorkingDirectory=${escapeSpecifiers(model.appRoot)}`,
    `EnvironmentFile=${escapeSpecifiers(join(model.location, u.envFile))}`,
    'Environment=DYNO=release.1',
    execStart(command),
    'KillMode=control-group',
    `TimeoutStopSec=${model.stopTimeoutSeconds}`,
    '',
  ].join('\n');
}

function targetUnit(model: ExportModel, u: Units, services: readonly string[]): string {
  return [
    headerLines('# ', [
      `${model.appName}: export straight into /etc/systemd/system (the units name`,
      `${u.envFile} by its absolute path, ${model.location}), then`,
      `  systemctl daemon-reload && systemctl enable --now ${u.target}`,
    ]).trimEnd(),
    '[Unit]',
    `Description=${escapeSpecifiers(model.appName)}`,
    `Wants=${services.join(' ')}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

export function renderSystemd(model: ExportModel): ExportResult {
  const u = units(model);
  const files: ExportFile[] = model.dynos.map((dyno) => ({
    path: `${u.app}-${dyno.name}.service`,
    content: serviceUnit(model, u, dyno),
    mode: 0o644,
  }));
  if (model.release !== undefined) {
    files.push({
      path: u.release,
      content: releaseUnit(model, u, model.release),
      mode: 0o644,
    });
  }
  files.push({
    path: u.target,
    content: targetUnit(
      model,
      u,
      model.dynos.map((dyno) => `${u.app}-${dyno.name}.service`),
    ),
    mode: 0o644,
  });
  files.push({
    path: u.envFile,
    content:
      headerLines('# ', [`Config vars of ${model.appName} (systemd EnvironmentFile syntax).`]) +
      model.configVars.map(([key, value]) => `${environmentFileLine(key, value)}\n`).join(''),
    mode: 0o600,
  });
  return { files, notes: hostNotes(model) };
}

/** What every host target (systemd, supervisord, runit, launchd) leaves to the user. */
export function hostNotes(model: ExportModel): string[] {
  return [
    ...(model.dynos.some((dyno) => dyno.type === WEB_TYPE)
      ? [
          `web dynos listen on ${model.dynos
            .filter((dyno) => dyno.type === WEB_TYPE)
            .map((dyno) => dyno.port)
            .join(', ')}: put a proxy in front (Heroku's router is not exported).`,
        ]
      : []),
    ...model.addons.map(
      (addon) =>
        `add-on ${addon.plan} is not installed: provide it and set ${addon.configVar ?? 'its URL'}.`,
    ),
  ];
}
