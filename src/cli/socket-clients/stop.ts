// `hdev stop`: stop a process type or one dyno of the running `hdev start`; it stays down.
import type { TargetsResult } from '../../control/protocol.js';
import { request, type ControlLocation } from './request.js';

export async function runStop(location: ControlLocation, target: string): Promise<number> {
  const result = (await request(location, { command: 'stop', target })) as TargetsResult;
  process.stdout.write(`Stopping ${result.dynos.join(', ')}... done\n`);
  return 0;
}
