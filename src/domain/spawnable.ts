// What the OS refuses to start a process with: a NUL byte cannot be in a command line or an
// environment variable (C strings end at NUL; Node refuses it before exec), and Linux caps one
// argument or one `KEY=value` at MAX_ARG_STRLEN and all of them together at ARG_MAX. Heroku
// rejects such config vars when they are set; hdev finds them when it reads the files, so `hdev
// check` can name the line and `hdev start` can refuse before it binds a port or starts a dyno.
import type { AppSpec } from './app-spec.js';
import type { Diagnostic } from './diagnostic.js';

/** Linux's MAX_ARG_STRLEN (32 pages of 4 KiB), terminating NUL included. */
export const MAX_ARG_BYTES = 128 * 1024 - 1;
/**
 * Config vars together, names and values. Linux's ARG_MAX is a quarter of the stack limit
 * (usually 2 MiB) and macOS's is 1 MiB, both shared with the shell's own environment and the
 * command line, so 1 MiB of config vars is as much as can be counted on everywhere.
 */
const MAX_CONFIG_VARS_BYTES = 1024 * 1024;

const NUL = '\0';

function nulProblem(what: string, text: string): string | undefined {
  const at = text.indexOf(NUL);
  if (at === -1) return undefined;
  return `${what} contains a NUL byte (character ${at + 1}): no process can be started with it`;
}

function lengthProblem(what: string, bytes: number): string | undefined {
  if (bytes <= MAX_ARG_BYTES) return undefined;
  return `${what} is ${bytes} bytes long; the OS starts no process with a command or an environment variable over ${MAX_ARG_BYTES} bytes`;
}

/** Problems with the Procfile's commands, at their lines. */
export function commandProblems(
  types: AppSpec['procfile']['types'],
  procfile: string,
): Diagnostic[] {
  return types.flatMap(({ name, command, line }) => {
    const what = `the command of \`${name}\``;
    const nul = nulProblem(what, command);
    const message = nul ?? lengthProblem(what, Buffer.byteLength(command, 'utf8'));
    if (message === undefined) return [];
    return [
      {
        severity: 'error' as const,
        file: procfile,
        line,
        message,
        hint:
          nul === undefined
            ? 'Move the long command into a script and run that from the Procfile.'
            : 'Remove the NUL byte (an editor that shows control characters helps).',
      },
    ];
  });
}

/** Problems with config var values, at the env file line that set each. */
export function configVarProblems(configVars: AppSpec['configVars']): Diagnostic[] {
  const problems: Diagnostic[] = [];
  let total = 0;
  for (const [key, value] of Object.entries(configVars.values)) {
    const bytes = Buffer.byteLength(key, 'utf8') + 1 + Buffer.byteLength(value, 'utf8');
    total += bytes;
    const nul = nulProblem(`config var ${key}`, value);
    const message = nul ?? lengthProblem(`${key}=…`, bytes);
    if (message === undefined) continue;
    const origin = configVars.origins[key];
    problems.push({
      severity: 'error',
      file: origin?.file ?? 'config vars',
      ...(origin === undefined ? {} : { line: origin.line }),
      message,
      hint:
        nul === undefined
          ? 'Keep large values (certificates, blobs) in a file the app reads.'
          : 'Remove the NUL byte from the value.',
    });
  }
  if (total > MAX_CONFIG_VARS_BYTES) {
    problems.push({
      severity: 'error',
      file: [...new Set(Object.values(configVars.origins).map((origin) => origin.file))].join(', '),
      message: `the config vars take ${total} bytes; no process can be counted on to start with more than ${MAX_CONFIG_VARS_BYTES} bytes of environment`,
      hint: 'Keep large values (certificates, blobs) in files the app reads.',
    });
  }
  return problems;
}
