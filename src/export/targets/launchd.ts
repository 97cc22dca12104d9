// launchd (macOS): foreman's layout, one APP-TYPE-N.plist per dyno, config vars inline.
import type { ExportResult } from '../files.js';
import { GENERATED_MARKER } from '../files.js';
import type { ExportDyno, ExportModel } from '../model.js';
import { unitName } from '../names.js';
import { releaseNote } from './supervisord.js';
import { hostNotes } from './systemd.js';

function xml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function plist(model: ExportModel, label: string, dyno: ExportDyno): string {
  const env: (readonly [string, string])[] = [
    ...model.configVars,
    ['PORT', String(dyno.port)],
    ['DYNO', dyno.name],
  ];
  const entry = (key: string, value: string): string =>
    `    <key>${xml(key)}</key>\n    <string>${xml(value)}</string>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- ${GENERATED_MARKER}: dyno ${xml(dyno.name)} of ${xml(model.appName)}. Load with launchctl load. -->`,
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    entry('Label', label),
    '    <key>EnvironmentVariables</key>',
    '    <dict>',
    ...env.map(([key, value]) => `  ${entry(key, value).replaceAll('\n', '\n  ')}`),
    '    </dict>',
    '    <key>ProgramArguments</key>',
    '    <array>',
    ...['/bin/sh', '-c', dyno.command].map((arg) => `        <string>${xml(arg)}</string>`),
    '    </array>',
    '    <key>KeepAlive</key>',
    '    <true/>',
    '    <key>RunAtLoad</key>',
    '    <true/>',
    // Seconds between SIGTERM and SIGKILL when launchd stops the job (Heroku: 30).
    '    <key>ExitTimeOut</key>',
    `    <integer>${model.stopTimeoutSeconds}</integer>`,
    entry('WorkingDirectory', model.appRoot),
    entry('StandardOutPath', `/tmp/${label}.log`),
    entry('StandardErrorPath', `/tmp/${label}.log`),
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

export function renderLaunchd(model: ExportModel): ExportResult {
  const app = unitName(model.appName);
  return {
    files: model.dynos.map((dyno) => {
      const label = `${app}-${dyno.type}-${dyno.instance}`;
      return { path: `${label}.plist`, content: plist(model, label, dyno), mode: 0o600 };
    }),
    notes: [...releaseNote(model), ...hostNotes(model)],
  };
}
