// runit: foreman's layout, a service directory APP-TYPE-N per dyno with run and log/run scripts.
// Config vars come from APP.env, sourced by sh (exact for any value, unlike chpst's envdir,
// which drops trailing spaces).
import { join } from 'node:path';
import type { ExportFile, ExportResult } from '../files.js';
import { headerLines } from '../files.js';
import type { ExportModel } from '../model.js';
import { unitName } from '../names.js';
import { shellEnvFile, shellQuote } from '../shell-quote.js';
import { dynoScript, releaseNote } from './supervisord.js';
import { hostNotes } from './systemd.js';

export function renderRunit(model: ExportModel): ExportResult {
  const app = unitName(model.appName);
  const envFile = join(model.location, `${app}.env`);
  const notes = [...releaseNote(model), ...hostNotes(model)];
  const files: ExportFile[] = model.dynos.flatMap((dyno) => {
    const service = `${app}-${dyno.type}-${dyno.instance}`;
    const header = headerLines('# ', [`Dyno ${dyno.name} of ${model.appName}.`]);
    return [
      {
        path: `${service}/run`,
        content: `#!/bin/sh\n${header}cd ${shellQuote(model.appRoot)} || exit 1\nexec 2>&1\nexec /bin/sh -c ${shellQuote(dynoScript(envFile, dyno))}\n`,
        mode: 0o755,
      },
      {
        path: `${service}/log/run`,
        content: `#!/bin/sh\n${header}mkdir -p ${shellQuote(`/var/log/${service}`)}\nexec svlogd -tt ${shellQuote(`/var/log/${service}`)}\n`,
        mode: 0o755,
      },
    ];
  });
  files.push({
    path: `${app}.env`,
    content: shellEnvFile(
      headerLines('# ', [`Config vars of ${model.appName}.`]),
      model.configVars,
    ),
    mode: 0o600,
  });
  return { files, notes };
}
