// A /proc/PID/stat line (proc(5)), cut into its fields: the supervisor's process table and marker
// scan, the watcher's dyno writers and the control socket's owner record all read one. Pure.

/**
 * Fields 3 to 24 of a /proc/PID/stat line (proc(5)), from index 0: after `(comm)`, which may
 * hold spaces and parentheses; the rest of the line is not split. Undefined for anything else.
 */
export function procStatFields(stat: string): string[] | undefined {
  const close = stat.lastIndexOf(')');
  return close < 0 ? undefined : stat.slice(close + 2).split(' ', 22);
}

/** Where proc(5)'s fields are in `procStatFields`: field N is at index N − 3. */
export const STAT_FIELD = {
  state: 0,
  ppid: 1,
  pgid: 2,
  utime: 11,
  stime: 12,
  startTicks: 19,
  rssPages: 21,
} as const;

/** A process in this state has exited and waits to be reaped: it runs nothing any more. */
export function hasExited(state: string | undefined): boolean {
  return state === 'Z' || state === 'X';
}
