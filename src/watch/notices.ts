// What the watcher tells the developer, once each: the sentences name the file and what to do.
import type { LinkEscape } from './app-boundary.js';
import type { NoisyPath } from './noisy-files.js';

export interface EscapingLink {
  /** Relative to the app root. */
  readonly path: string;
  readonly target: string;
  readonly escape: LinkEscape;
}

export type WatchNotice =
  | ({ readonly kind: 'noisy' } & NoisyPath)
  | { readonly kind: 'dyno-writes'; readonly dyno: string; readonly path: string }
  | { readonly kind: 'escaping-links'; readonly links: readonly EscapingLink[] };

function seconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

export function describeNotice(notice: WatchNotice): string {
  switch (notice.kind) {
    case 'noisy':
      return `${notice.path} changed ${notice.changes} times in ${seconds(notice.spanMs)} s; it looks like a file the app writes, add it to .gitignore or --ignore`;
    case 'dyno-writes':
      // Heroku: each dyno has its own ephemeral filesystem, reset from the slug at every restart.
      return `${notice.dyno} writes ${notice.path} inside the app: on Heroku this file is lost at the next restart and is not seen by the other dynos`;
    case 'escaping-links': {
      const links = notice.links.map(
        (link) =>
          `${link.path} -> ${link.target} (${link.escape === 'ancestor' ? 'loops back into the app' : 'leaves the app'})`,
      );
      return `not watching through ${links.join(', ')}: hdev never watches outside the app`;
    }
  }
}
