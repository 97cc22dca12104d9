// How the deployer's work ends: v1 at start, and each later deploy.
import type { Release } from '../domain/release.js';

/** How v1 ended: live, or failed (hdev start then stops), or cut short by a shutdown. */
export type StartResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: 'build-failed' | 'release-failed';
      readonly status: number;
    }
  | { readonly ok: false; readonly reason: 'shutdown' };

/** Heroku numbers releases from v1; hdev's first release is the app as it is at start. */
export const FIRST_RELEASE = 1;

export type DeployOutcome =
  { readonly kind: 'unchanged' } | { readonly kind: 'released'; readonly release: Release };
