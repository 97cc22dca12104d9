// supervisord: foreman's layout, one [program:APP-TYPE-N] per dyno in a [group:APP]. The config
// vars are in APP.env, sourced by sh, because supervisord's `environment=` cannot hold newlines.
import { join } from 'node:path';
import type { ExportResult } from '../files.js';
import { headerLines } from '../files.js';
import type { ExportDyno, ExportModel } from '../model.js';
import { unitName } from '../names.js';
import { shellEnvFile, shellQuote } from '../shell-quote.js';
import { hostNotes } from './systemd.js';

/** supervisord expands `%(name)s` in values (Python's % formatting); `%%` is a literal `%`. */
function escapePercent(value: string): string {
  return value.replaceAll('%', '%%');
}

/** A dyno's command line: sources the config vars, sets PORT and DYNO, runs the command. */
export function dynoScript(envFile: string, dyno: ExportDyno): string {
  return `. ${shellQuote(envFile)}; export PORT=${dyno.port} DYNO=${shellQuote(dyno.name)}; ${dyno.command}`;
}

function program(model: ExportModel, app: string, dyno: ExportDyno): string {
  const envFile = join(model.location, `${app}.env`);
  return [
    `[program:${app}-${dyno.type}-${dyno.instance}]`,
    `command=${escapePercent(`/bin/sh -c ${shellQuote(dynoScript(envFile, dyno))}`)}`,
    `directory=${escapePercent(model.appRoot)}`,
    'autostart=true',
    'autorestart=true',
    'startsecs=0',
    // Heroku signals every process of the dyno, then SIGKILLs them after the timeout (R12).
    'stopsignal=TERM',
    'stopasgroup=true',
    'killasgroup=true',
    `stopwaitsecs=${model.stopTimeoutSeconds}`,
    '',
  ].join('\n');
}

export function renderSupervisord(model: ExportModel): ExportResult {
  const app = unitName(model.appName);
  const notes = [...releaseNote(model), ...hostNotes(model)];
  const conf = [
    headerLines('; ', [
      `${model.appName}: include this file from supervisord.conf, then supervisorctl update.`,
      `The programs source ${app}.env by its absolute path, in ${model.location}.`,
      ...notes.map((note) => `Note: ${note}`),
    ]),
    ...model.dynos.map((dyno) => program(model, app, dyno)),
    `[group:${app}]`,
    `programs=${model.dynos.map((dyno) => `${app}-${dyno.type}-${dyno.instance}`).join(',')}`,
    '',
  ].join('\n');
  return {
    files: [
      { path: `${app}.conf`, content: conf, mode: 0o644 },
      {
        path: `${app}.env`,
        content: shellEnvFile(
          headerLines('# ', [`Config vars of ${model.appName}.`]),
          model.configVars,
        ),
        mode: 0o600,
      },
    ],
    notes,
  };
}

/** supervisord, runit and launchd cannot order a one-shot before the dynos. */
export function releaseNote(model: ExportModel): string[] {
  return model.release === undefined
    ? []
    : [`the release phase is not exported: run \`${model.release}\` before each start.`];
}
