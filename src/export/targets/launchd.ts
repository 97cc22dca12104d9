// launchd (macOS): foreman's layout, one APP-TYPE-N.plist per dyno, config vars inline.
import { HdevError } from '../../errors.js';
import type { ExportResult } from '../files.js';
import { GENERATED_MARKER } from '../files.js';
import type { ExportDyno, ExportModel } from '../model.js';
import { unitName } from '../names.js';
import { releaseNote } from './supervisord.js';
import { hostNotes } from './systemd.js';

/** XML 1.0 cannot hold these control characters at all, escaped or not. */
function hasNonXml(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    const allowedControl = code === 0x09 || code === 0x0a || code === 0x0d;
    if ((code < 0x20 && !allowedControl) || code === 0xfffe || code === 0xffff) return true;
  }
  return false;
}

function xml(value: string): string {
  if (hasNonXml(value)) {
    throw new HdevError(`a value for launchd holds a control character that a plist cannot hold`, {
      hint: 'Remove it from the config var, or export to systemd or supervisord instead.',
    });
  }
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** `--` cannot appear inside an XML comment. */
function commentText(value: string): string {
  return xml(value).replaceAll('--', '- -');
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
    `<!-- ${GENERATED_MARKER}: dyno ${commentText(dyno.name)} of ${commentText(model.appName)}. Load with launchctl load. -->`,
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
