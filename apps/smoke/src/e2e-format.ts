import type { ReportedError } from './outcome';
import { formatElapsed } from './durations';
import { formatSeconds, renderTable } from './format';
import type { E2eReport } from './e2e';

/** The human-readable report: one line per marker, one per table, problems, then a verdict. */
export function formatE2eReport(report: E2eReport): string {
  const rows = report.expectations.map((e) => [
    String(e.status),
    e.table,
    e.marker,
    e.httpStatus === undefined ? '-' : String(e.httpStatus),
    e.visible ? formatSeconds(e.lagSeconds) : e.error ? 'ERROR' : 'MISSING',
    e.visible ? formatSeconds(e.notBeforeSeconds) : '-',
    e.queryId ?? '-',
  ]);
  let text = renderTable(
    ['STATUS', 'TABLE', 'MARKER', 'HTTP', 'LAG (s)', 'NOT BEFORE (s)', 'QUERY ID'],
    rows,
    ['right', 'left', 'left', 'right', 'right', 'right', 'left'],
  );
  text += '\n';
  for (const table of report.tables) {
    text += table.ok
      ? `${table.table}: ${table.visible}/${table.expected} visible, lag ${formatSeconds(table.lagSeconds)} s\n`
      : `${table.table}: ${table.visible}/${table.expected} visible\n`;
  }
  const errors = new Map<string, ReportedError>();
  for (const e of report.expectations) if (e.error) errors.set(e.error.message, e.error);
  for (const error of errors.values()) {
    text += `\n${error.message}\n`;
    if (error.hint) text += `  hint: ${error.hint}\n`;
  }
  const missing = report.expectations.filter((e) => !e.visible);
  if (missing.length === 0) {
    const worst = Math.max(...report.tables.map((t) => t.lagSeconds ?? 0));
    text += `\nOK: all ${report.expectations.length} markers visible; worst lag ${formatSeconds(worst)} s.\n`;
  } else {
    const late = missing.filter((e) => !e.error);
    const failed = missing.length - late.length;
    const parts = [
      late.length > 0
        ? `${late.length} not visible within ${formatElapsed(report.timeoutSeconds * 1000)}: ${late.map((e) => `${e.marker} (${e.table})`).join(', ')}`
        : '',
      failed > 0 ? `${failed} not checked because of the errors above` : '',
    ].filter(Boolean);
    text += `\nFAIL: ${missing.length} of ${report.expectations.length} markers: ${parts.join('; ')}\n`;
  }
  return text;
}
