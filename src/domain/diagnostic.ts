// Diagnostics: what parsers report about user files instead of printing, throwing or exiting.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** The file as the user named it (relative to the app root when inside it). */
  readonly file: string;
  /** 1-based line, when the problem is on a line. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
}

/** A parser's result: the value it could make, and everything it noticed on the way. */
export interface Parsed<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** `Procfile:3: warning: message` then the hint on an indented line, like a compiler. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = [diagnostic.file, diagnostic.line, diagnostic.column]
    .filter((part) => part !== undefined)
    .join(':');
  const head = `${where}: ${diagnostic.severity}: ${diagnostic.message}`;
  return diagnostic.hint === undefined ? head : `${head}\n  ${diagnostic.hint}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}
