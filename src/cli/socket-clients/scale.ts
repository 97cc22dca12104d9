// `hdev scale`: change or print the formation of the running `hdev start`.
import type { FormationResult } from '../../control/protocol.js';
import { formatFormation, scaleSummary } from '../../domain/scale.js';
import { request, type ControlLocation } from './request.js';

export async function runScale(
  location: ControlLocation,
  args: readonly string[],
): Promise<number> {
  const result = (await request(location, { command: 'scale', args })) as FormationResult;
  const formation = new Map(Object.entries(result.formation));
  process.stdout.write(
    args.length === 0
      ? `${formatFormation(formation)}\n`
      : `Scaling dynos... done, ${scaleSummary(formation)}\n`,
  );
  return 0;
}
