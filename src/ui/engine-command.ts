// What the UI asks of the engine, as data: the view reducer decides, the App carries it out and
// shows the outcome in the footer.
import type { Engine, ScaleChange } from '../engine/engine-api.js';
import { scaledMessage } from '../domain/scale.js';
import { HdevError } from '../errors.js';

export type EngineCommand =
  /** `+` is `{ type, op: '+', amount: 1 }`: the engine takes the change typed, never `web+1`. */
  | { readonly kind: 'scale'; readonly change: ScaleChange }
  /** A dyno, or every dyno when undefined. */
  | { readonly kind: 'restart'; readonly target: string | undefined }
  | { readonly kind: 'stop'; readonly target: string }
  /** `by`: what asked, for the summary after the UI is gone (`stopped by q`). */
  | { readonly kind: 'quit'; readonly by?: string };

async function outcomeOf(engine: Engine, command: EngineCommand): Promise<string | undefined> {
  switch (command.kind) {
    case 'scale':
      return scaledMessage(await engine.scale([command.change]));
    case 'restart':
      return `Restarted ${(await engine.restart(command.target)).join(', ')}`;
    case 'stop':
      return `Stopped ${(await engine.stop(command.target)).join(', ')}`;
    case 'quit':
      // The shutdown's progress shows in the footer by itself.
      engine.requestStop(command.by);
      return undefined;
  }
}

/**
 * Sends the command (at once, before the first await) and resolves with what to tell the user:
 * the outcome, or why it failed. Never rejects: a failed command must not take the terminal down
 * (raw mode, hidden cursor) while the dynos still run.
 */
export async function runCommand(
  engine: Engine,
  command: EngineCommand,
): Promise<string | undefined> {
  try {
    return await outcomeOf(engine, command);
  } catch (error) {
    if (error instanceof HdevError) return error.message;
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}
