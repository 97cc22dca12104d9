// Dyno states and the one transition function that changes them (Heroku's dyno lifecycle).
//
// Heroku's Platform API knows `starting`, `up`, `crashed`, `down` (and `idle`); its logs also show
// `complete` for one-off and release dynos. `stopping` is hdev's own: the window between SIGTERM
// and the last process of the dyno exiting, which the router and the UI need to see.

export type DynoState = 'starting' | 'up' | 'crashed' | 'stopping' | 'down' | 'complete';

export type DynoEvent =
  /** The dyno manager starts (or restarts) the process. */
  | { readonly type: 'boot' }
  /** Web: PORT accepts connections. Other types: the process was spawned. */
  | { readonly type: 'ready' }
  /** The dyno's command exited (status and signal are logged, not needed for the state). */
  | { readonly type: 'exit'; readonly oneOff: boolean }
  /** Shutdown, scale-down or restart asked this dyno to stop. */
  | { readonly type: 'stop' };

/** The next state, or undefined when the event does not apply in this state. */
export function nextDynoState(state: DynoState, event: DynoEvent): DynoState | undefined {
  switch (event.type) {
    case 'boot':
      return state === 'down' || state === 'crashed' ? 'starting' : undefined;
    case 'ready':
      return state === 'starting' ? 'up' : undefined;
    case 'exit':
      if (state === 'stopping') return 'down';
      if (state === 'starting' || state === 'up') {
        // Heroku: any exit of a formation dyno's command, even status 0, is a crash;
        // a one-off or release dyno that exits is `complete`.
        return event.oneOff ? 'complete' : 'crashed';
      }
      return undefined;
    case 'stop':
      if (state === 'starting' || state === 'up') return 'stopping';
      if (state === 'crashed') return 'down';
      return undefined;
  }
}

/**
 * The state Heroku's log line names for a transition. Heroku logs `State changed from up to down`
 * when it begins stopping a dyno, so `stopping` is shown as `down`; stopping → down is not logged.
 */
export function loggedTransition(
  from: DynoState,
  to: DynoState,
): { readonly from: DynoState; readonly to: DynoState } | undefined {
  if (from === 'stopping') return undefined;
  return { from, to: to === 'stopping' ? 'down' : to };
}
