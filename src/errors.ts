// HdevError: the one error type for problems a user can act on (bad input, missing files).
// It is thrown anywhere and caught once, in cli/main.ts, which prints it and sets the exit code.

/** Exit code for user errors: bad flags, bad files, unknown process types (as the CLI documents). */
export const USAGE_EXIT_CODE = 2;

/** Exit code for a failure inside hdev itself (sysexits' EX_SOFTWARE). */
export const INTERNAL_ERROR_EXIT_CODE = 70;

/**
 * What kind of failure, for code that must react to one: it decides on the code, never on the
 * message text, which is for people and may change.
 * - `no-hdev-start`: no `hdev start` runs for the app (no socket, or one left by a killed hdev).
 * - `hdev-start-not-answering`: one runs but does not answer (suspended with Ctrl-Z).
 */
export type HdevErrorCode = 'no-hdev-start' | 'hdev-start-not-answering';

export interface HdevErrorOptions {
  /** What to do about it, shown on its own line under the message. */
  readonly hint?: string;
  /** Process exit code; user errors default to 2. */
  readonly exitCode?: number;
  readonly code?: HdevErrorCode;
  readonly cause?: unknown;
}

export class HdevError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;
  readonly code: HdevErrorCode | undefined;

  constructor(message: string, options: HdevErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HdevError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? USAGE_EXIT_CODE;
    this.code = options.code;
  }
}
