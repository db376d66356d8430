import { Finding, GuardrailReport } from './runner';

/** What the text report lists. */
export interface FormatOptions {
  /**
   * List compliant and not-applicable findings too.
   * @default false - only failures, suppressed findings, suppression errors and warnings
   */
  readonly all?: boolean;
}

const LABEL: Record<Finding['status'], string> = {
  'non-compliant': 'FAIL',
  compliant: 'PASS',
  'not-applicable': 'N/A',
  error: 'ERROR',
};

/** A plain-text table for terminals and CI logs, headed by a one-line summary. */
export function formatText(report: GuardrailReport, options: FormatOptions = {}): string {
  const count = (status: Finding['status']): number =>
    report.findings.filter((f) => f.status === status).length;
  const summary =
    `guardrails (${report.pack}) on ${report.stacks.join(', ')}: ` +
    `${report.failures.length} failed, ${report.suppressed.length} suppressed, ` +
    `${count('compliant')} compliant, ${count('not-applicable')} not applicable` +
    (report.suppressionErrors.length > 0 ? `, ${report.suppressionErrors.length} suppression errors` : '');
  const multiStack = report.stacks.length > 1;
  const rows: string[][] = [];
  for (const f of report.findings) {
    const listed = options.all || f.status === 'error' || f.status === 'non-compliant';
    if (!listed) continue;
    const status = f.suppressed ? 'SUPPRESSED' : LABEL[f.status];
    const message = f.suppressed ? `${f.message ?? ''} [reason: ${f.suppressionReason}]` : (f.message ?? '');
    rows.push([
      status,
      f.ruleId,
      f.severity,
      ...(multiStack ? [f.stack] : []),
      f.address,
      f.path ?? '',
      message,
    ]);
  }
  for (const e of report.suppressionErrors) {
    rows.push([
      'ERROR',
      e.ruleId,
      'suppression',
      ...(multiStack ? [e.stack] : []),
      e.address,
      e.path ?? '',
      e.message,
    ]);
  }
  for (const w of report.unusedSuppressions) {
    rows.push(['WARN', w.ruleId, 'suppression', ...(multiStack ? [w.stack] : []), w.address, '', w.message]);
  }
  if (rows.length === 0) return `${summary}\n`;
  const header = [
    'STATUS',
    'RULE',
    'SEVERITY',
    ...(multiStack ? ['STACK'] : []),
    'RESOURCE',
    'PATH',
    'MESSAGE',
  ];
  return `${summary}\n\n${table([header, ...rows])}\n`;
}

/** The report as indented JSON, for tools. */
export function formatJson(report: GuardrailReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
