// The doctor's report: the checklist, grouped, one line per item with its fix, and a summary;
// or one JSON document for CI. Pure: findings in, text out.
import type { Finding, FindingStatus } from './finding.js';
import { CHECK_GROUPS } from './finding.js';

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly passed: number;
}

export function summarize(findings: readonly Finding[]): Summary {
  const count = (status: FindingStatus): number =>
    findings.filter((f) => f.status === status).length;
  return { errors: count('error'), warnings: count('warning'), passed: count('ok') };
}

/** 0 when clean; 1 on errors, or on warnings with --strict. */
export function exitCodeFor(summary: Summary, strict: boolean): number {
  return summary.errors > 0 || (strict && summary.warnings > 0) ? 1 : 0;
}

const SYMBOLS: Readonly<
  Record<FindingStatus, { readonly plain: string; readonly colored: string }>
> = {
  ok: { plain: '[ok]   ', colored: '\u001b[32m✔\u001b[39m' },
  warning: { plain: '[warn] ', colored: '\u001b[33m!\u001b[39m' },
  error: { plain: '[error]', colored: '\u001b[31m✖\u001b[39m' },
};

function where(finding: Finding): string {
  if (finding.file === undefined || finding.status === 'ok') return '';
  return `${[finding.file, finding.line].filter((part) => part !== undefined).join(':')}: `;
}

export function formatReport(
  appName: string,
  findings: readonly Finding[],
  options: { readonly color: boolean; readonly strict: boolean },
): string {
  const lines = [`hdev doctor: ${appName}`];
  for (const group of CHECK_GROUPS) {
    const items = findings.filter((finding) => finding.group === group);
    if (items.length === 0) continue;
    lines.push('', options.color ? `\u001b[1m${group}\u001b[22m` : group);
    for (const item of items) {
      const symbol = SYMBOLS[item.status][options.color ? 'colored' : 'plain'];
      lines.push(`  ${symbol} ${where(item)}${item.message}`);
      if (item.fix !== undefined && item.status !== 'ok') lines.push(`      fix: ${item.fix}`);
    }
  }
  const summary = summarize(findings);
  const verdict =
    exitCodeFor(summary, options.strict) === 0
      ? summary.warnings === 0
        ? 'ready to deploy'
        : 'no errors'
      : 'not ready to deploy';
  lines.push(
    '',
    `${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.passed} passed: ${verdict}`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatJsonReport(appName: string, findings: readonly Finding[]): string {
  return `${JSON.stringify({ app: appName, summary: summarize(findings), findings }, null, 2)}\n`;
}
