// The one-line texts around the log pane: its title bar, and the footer's message line.
import type { EngineSnapshot } from '../engine/engine-api.js';
import { sanitizeLine } from './sanitize-line.js';
import type { ViewState } from './view-state.js';

/** `── web.1 · "timeout" · following ─────`, filling `width`. */
export function logTitle(view: ViewState, width: number): string {
  const parts = [
    view.dynoFilter === undefined ? 'all dynos' : view.dynoFilter,
    ...(view.search === '' ? [] : [`"${view.search}"`]),
    view.anchor === undefined ? 'following' : 'paused: f or G follows',
  ];
  const label = `── ${parts.join(' · ')} `;
  return label + '─'.repeat(Math.max(0, width - label.length));
}

/**
 * The footer's second line, when there is something to say: the shutdown's progress first (it is
 * what the user waits for), then a deploy in progress until it is done, else the last command's
 * outcome or error.
 */
export function footerMessage(
  snapshot: Pick<EngineSnapshot, 'shutdown' | 'phase'>,
  notice: string | undefined,
): string | undefined {
  const parts = [snapshot.shutdown, snapshot.phase ?? notice].filter(
    (part): part is string => part !== undefined && part !== '',
  );
  if (parts.length === 0) return undefined;
  // A notice may quote an error over several lines, or a dyno's output: one safe line of it.
  return sanitizeLine(parts.join(' · ').replace(/\r\n|[\r\n]/g, ' '));
}
