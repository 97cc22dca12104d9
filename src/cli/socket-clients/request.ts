// The one way the socket commands (`hdev ps`, `scale`, `restart`, `stop`, `logs`, `releases`)
// reach the `hdev start` running for an app: they print; the running engine decides.
import { resolve } from 'node:path';
import { sendRequest, type ClientOptions } from '../../control/client.js';
import type { ControlRequest } from '../../control/protocol.js';
import { appSocketPath } from '../../control/socket-path.js';
import { displayPath } from '../../config/load-app.js';

export interface ControlLocation {
  readonly appDir?: string;
}

export function request(
  location: ControlLocation,
  message: ControlRequest,
  extra: Pick<ClientOptions, 'onLog' | 'signal'> = {},
): Promise<unknown> {
  const appDir = resolve(location.appDir ?? '.');
  const path = appSocketPath(appDir);
  return sendRequest(path, message, { appLabel: displayPath(appDir), ...extra });
}
