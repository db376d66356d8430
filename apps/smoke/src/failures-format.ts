import type { FailuresReport } from './failures';
import { renderTable } from './format';

const counts = (map: Readonly<Record<string, number>>) =>
  Object.entries(map)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

/** The human-readable `failures` report. */
export function formatFailuresReport(report: FailuresReport): string {
  const window = `${report.since ?? 'the beginning'} … ${report.until ?? 'now'}`;
  let text = `Error output s3://${report.bucket}/${report.prefix} · ${window} · ${report.objects.read} object(s), ${report.records} record(s) · tables by ${report.routing}\n\n`;
  if (report.records > 0) {
    text += renderTable(
      ['ERROR CODE', 'RECORDS', 'TABLES', 'FIRST MESSAGE'],
      report.byErrorCode.map((g) => [g.errorCode, String(g.records), counts(g.tables), g.message ?? '-']),
      ['left', 'right', 'left', 'left'],
    );
    text += '\n';
    text += renderTable(
      ['TABLE', 'RECORDS', 'ERROR CODES'],
      report.byTable.map((g) => [g.table, String(g.records), counts(g.errorCodes)]),
      ['left', 'right', 'left'],
    );
    text += '\nSamples:\n';
    for (const sample of report.samples) {
      text += `  ${sample.key}:${sample.line}  ${sample.errorCode}  → ${sample.table ?? '(no table)'}  arrived ${sample.arrival ?? '-'}\n`;
      if (sample.errorMessage) text += `    ${sample.errorMessage}\n`;
      if (sample.data !== undefined) text += `    ${sample.data.trimEnd()}\n`;
    }
  }
  if (report.problems.length > 0) {
    text += `\nSkipped (${report.problems.length}):\n`;
    for (const problem of report.problems.slice(0, 20))
      text += `  ${problem.key}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}\n`;
    if (report.problems.length > 20) text += `  … and ${report.problems.length - 20} more (see --json)\n`;
  }
  text +=
    report.records === 0 && report.ok
      ? '\nOK: no failed records in the window.\n'
      : `\nFAIL: ${report.records} failed record(s) in ${report.objects.read} object(s). Fix the cause, then "icelog-smoke redrive" puts them back.\n`;
  return text;
}
