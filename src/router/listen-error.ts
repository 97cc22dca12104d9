// Why the router could not listen, told by the cause: a busy port, an address that is not this
// machine's (`--host 8.8.8.8`), a name that does not resolve. Each is the user's to fix (exit 2).
import { HdevError } from '../errors.js';

export function listenError(host: string, port: number, error: NodeJS.ErrnoException): HdevError {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new HdevError(`The router cannot listen on ${where} (EADDRINUSE)`, {
        hint: 'Something else uses that port: pick another base with -p/--port, or run without the router (--no-router).',
      });
    case 'EADDRNOTAVAIL':
      return new HdevError(
        `The router cannot listen on ${where}: ${host} is not an address of this machine (EADDRNOTAVAIL)`,
        {
          hint: 'Pass one of its own addresses with --host: 127.0.0.1 (the default), ::1, 0.0.0.0 for every interface, or an address `ip addr` lists.',
        },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new HdevError(
        `The router cannot listen on ${where}: ${host} does not resolve (${error.code})`,
        {
          hint: 'Pass an IP address or a name this machine resolves with --host, e.g. --host 127.0.0.1.',
        },
      );
    case 'EACCES':
      return new HdevError(`The router cannot listen on ${where}: permission denied (EACCES)`, {
        hint: 'Pick another base port with -p/--port (1024 or above), or run without the router (--no-router).',
      });
    default:
      return new HdevError(
        `The router cannot listen on ${where} (${error.code ?? error.message})`,
        { hint: 'Check --host and -p/--port, or run without the router (--no-router).' },
      );
  }
}
