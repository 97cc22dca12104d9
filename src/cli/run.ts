// `hdev run`: a one-off dyno attached to the terminal (Heroku's `heroku run`), with the app's
// config vars, its own PORT and DYNO=run.N; its exit status becomes hdev's.
import { buildDynoEnv } from '../domain/dyno-env.js';
import { oneOffDynoName } from '../domain/dyno-name.js';
import { formatDiagnostic } from '../domain/diagnostic.js';
import { joinRunArgs } from '../domain/shell-command.js';
import type { AppLocation } from '../config/load-app.js';
import { loadApp } from '../config/load-app.js';
import { assertSpawnable } from '../config/spawn-check.js';
import { allocatePort } from '../supervisor/port-probe.js';
import { spawnDynoProcess } from '../supervisor/spawner.js';
import type { AppSpec } from '../domain/app-spec.js';
import type { ShutdownSignals } from './signals.js';
import { announceOneOff } from '../control/client.js';
import { appSocketPath } from '../control/socket-path.js';

export interface RunOptions extends AppLocation {
  readonly args: readonly string[];
  readonly basePort: number;
  /** `--pty`: a pseudo-terminal of its own, even when hdev's stdio are pipes. */
  readonly pty?: boolean;
}

/**
 * Heroku: when the first word is a Procfile process type, its command runs with the remaining
 * arguments appended (`heroku run worker 42` → `python worker.py 42`).
 */
function oneOffCommand(app: AppSpec, args: readonly string[]): string {
  const [first, ...rest] = args;
  const type = app.procfile.types.find((candidate) => candidate.name === first);
  if (type === undefined) return joinRunArgs(args);
  return rest.length === 0 ? type.command : `${type.command} ${joinRunArgs(rest)}`;
}

export async function runOneOff(options: RunOptions, signals: ShutdownSignals): Promise<number> {
  const app = loadApp({ ...options, procfileOptional: true }, process.env);
  const command = oneOffCommand(app, options.args);
  // Only what this dyno uses: the config vars, and the Procfile command it runs, if any (the
  // arguments themselves came through exec, so the OS took them already).
  const type = app.procfile.types.find((candidate) => candidate.name === options.args[0]);
  assertSpawnable({ ...app, procfile: { types: type === undefined ? [] : [type] } });
  for (const diagnostic of app.diagnostics) {
    // Only what changes this dyno's environment; Procfile style is `hdev check`'s business.
    if (app.envFiles.some((file) => file.endsWith(diagnostic.file))) {
      process.stderr.write(`hdev: ${formatDiagnostic(diagnostic)}\n`);
    }
  }
  const dyno = oneOffDynoName('run', new Set());
  const port = await allocatePort(options.basePort, new Set());
  if (process.stderr.isTTY)
    process.stderr.write(`Running \`${command}\` on ⬢ ${app.name}... up, ${dyno}\n`);

  const request = {
    command,
    env: buildDynoEnv(process.env, app.configVars.values, { dyno, port }),
    cwd: app.root,
  };
  const child =
    options.pty === true
      ? (await import('./run-pty.js')).spawnInPty(request)
      : spawnDynoProcess({ ...request, stdio: 'inherit' });
  // The child shares the terminal's foreground process group, so Ctrl-C reaches it directly;
  // hdev ignores SIGINT meanwhile (forwarding it too would hit a REPL twice) and passes on
  // SIGTERM and SIGHUP, which only hdev received.
  const forward = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      // A PTY's program leads its own process group, which a terminal's signal would reach.
      process.kill(options.pty === true ? -child.pid : child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stopListening = signals.listen((_count, signal) => {
    if (signal !== 'SIGINT' || options.pty === true) forward(signal);
  });
  // A running `hdev start` for this app lists the one-off in `hdev ps`, as Heroku does.
  const withdraw =
    child.pid === undefined
      ? () => undefined
      : await announceOneOff(
          appSocketPath(app.root),
          { name: dyno, dynoCommand: command, pid: child.pid },
          // `hdev stop run.N`, as `heroku ps:stop` ends a one-off: SIGTERM to what hdev run started.
          () => forward('SIGTERM'),
        );
  const exit = await child.exited;
  withdraw();
  stopListening();
  if (exit.spawnError !== undefined)
    process.stderr.write(`hdev: could not start the one-off dyno: ${exit.spawnError.message}\n`);
  return exit.status;
}
