// What to do when an add-on server would not start, read from the last lines it printed: the
// server's own message names the cause (PostgreSQL: `could not write lock file "postmaster.pid":
// No space left on device`), the hint says what the user can do and that the data is safe.

interface Fault {
  readonly pattern: RegExp;
  readonly hint: string;
}

const FAULTS: readonly Fault[] = [
  {
    pattern: /No space left on device|ENOSPC/i,
    hint: 'The disk that holds its data is full: free some space, then start again. Its data is untouched.',
  },
  {
    pattern: /Address already in use|could not bind|EADDRINUSE/i,
    hint: 'Something took its port as it started: start again, and hdev moves it to a free port.',
  },
  {
    pattern: /Permission denied|EACCES/i,
    hint: 'It cannot read or write its data folder: fix the folder’s owner or permissions (hdev addons:info shows it). Its data is untouched.',
  },
  {
    pattern: /lock file .* already exists|Is another postmaster/i,
    hint: 'Another PostgreSQL runs on its data folder: stop that one, then start again.',
  },
];

/** The hint for the first known cause in `lines`, or undefined. */
export function serverFaultHint(lines: readonly string[]): string | undefined {
  return FAULTS.find((fault) => lines.some((line) => fault.pattern.test(line)))?.hint;
}
