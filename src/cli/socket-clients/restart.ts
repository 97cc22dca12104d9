// `hdev restart`: restart every dyno, a process type or one dyno of the running `hdev start`.
import type { TargetsResult } from '../../control/protocol.js';
import { request, type ControlLocation } from './request.js';

export async function runRestart(
  location: ControlLocation,
  target: string | undefined,
): Promise<number> {
  const result = (await request(
    location,
    target === undefined ? { command: 'restart' } : { command: 'restart', target },
  )) as TargetsResult;
  process.stdout.write(`Restarting ${result.dynos.join(', ') || 'no dynos'}... done\n`);
  return 0;
}
