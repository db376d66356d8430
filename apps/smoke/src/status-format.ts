import { renderTable } from './format';
import type { StatusReport } from './status';

/** The one-screen `status` report. */
export function formatStatusReport(report: StatusReport): string {
  let text = '';
  if (report.alarms.length === 0) text += 'The stack has no CloudWatch alarms.\n';
  else
    text += renderTable(
      ['ALARM', 'STATE', 'SINCE', 'REASON'],
      report.alarms.map((a) => [a.name, a.state, a.since ?? '-', (a.reason ?? '').slice(0, 100)]),
    );
  const { freshness } = report;
  const interval =
    freshness.bufferingIntervalSeconds === null
      ? ''
      : ` (buffering interval ${freshness.bufferingIntervalSeconds} s`;
  const verdict =
    freshness.withinBufferingInterval === null
      ? interval
        ? ')'
        : ''
      : freshness.withinBufferingInterval
        ? ': within)'
        : ': BEHIND)';
  text += `\nData freshness: ${freshness.latestSeconds === null ? 'no data in the last 15 minutes' : `${freshness.latestSeconds} s at ${freshness.at}`}${interval}${verdict}\n`;
  text += `Failed rows in the last hour: ${report.failedRowsLastHour}${report.failedRowsLastHour > 0 ? ' (see "icelog-smoke failures")' : ''}\n`;
  const alarming = report.alarms.filter((a) => a.state === 'ALARM' || a.state === 'NOT_FOUND');
  text +=
    alarming.length === 0
      ? '\nOK: no alarm in ALARM.\n'
      : `\nFAIL: ${alarming.map((a) => `${a.name} ${a.state}`).join(', ')}.\n`;
  return text;
}
