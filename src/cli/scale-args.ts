// `web=2 worker+1`, as `hdev scale` and the control socket receive it, made into the typed
// changes the supervisor applies; bad syntax is the user's error (exit code 2), said at once.
import type { ScaleChange } from '../domain/scale.js';
import { parseScaleArgs } from '../domain/scale.js';
import { HdevError } from '../errors.js';

export function scaleChanges(args: readonly string[]): ScaleChange[] {
  const parsed = parseScaleArgs(args);
  if (!parsed.ok) throw new HdevError(parsed.message, { hint: parsed.hint });
  return parsed.changes;
}
