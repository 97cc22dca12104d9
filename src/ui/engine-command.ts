// What the UI asks of the engine, as data: the view reducer decides, the App carries it out.
import type { UiEngine } from './engine.js';

export type EngineCommand =
  | { readonly kind: 'scale'; readonly type: string; readonly delta: number }
  /** A dyno, or every dyno when undefined. */
  | { readonly kind: 'restart'; readonly target: string | undefined }
  | { readonly kind: 'stop'; readonly target: string }
  | { readonly kind: 'quit' };

export function runCommand(engine: UiEngine, command: EngineCommand): void {
  switch (command.kind) {
    case 'scale':
      engine.scale(command.type, command.delta);
      return;
    case 'restart':
      engine.restart(command.target);
      return;
    case 'stop':
      engine.stop(command.target);
      return;
    case 'quit':
      engine.quit();
      return;
  }
}
