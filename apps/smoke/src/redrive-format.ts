import type { RedriveReport } from './redrive';

const list = (map: Readonly<Record<string, number>>) =>
  Object.entries(map)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => `${name} ${n}`)
    .join(', ') || '-';

/** The human-readable `redrive` summary: what was sent, skipped and left. */
export function formatRedriveReport(report: RedriveReport): string {
  const { skipped, left } = report;
  const verb = report.dryRun ? 'Would send' : 'Sent';
  let text = `${report.dryRun ? 'DRY RUN (nothing sent or written) · ' : ''}Target ${report.target} · ${report.objects.read} object(s) read, ${report.objects.completed} fully redriven and moved\n\n`;
  text += `${verb}:    ${report.sent} record(s) (${list(report.sentByTable)})\n`;
  text += `Skipped: ${skipped.alreadySent} already sent, ${skipped.filteredOut} filtered out, ${skipped.uncertain} uncertain, ${skipped.noData} without rawData, ${skipped.tooLarge} too large, ${skipped.unreadable} unreadable\n`;
  text += `Left:    ${left.failed} rejected on every try (${list(left.failedByCode)}), ${left.notReached} not reached\n`;
  if (report.stoppedBy)
    text += `\nStopped early (${report.stoppedBy.kind}): ${report.stoppedBy.message}\nRun the same command again to resume.\n`;
  if (skipped.uncertain > 0)
    text += `\n${skipped.uncertain} record(s) were in a put whose outcome is unknown: check whether they reached their table, then use --resend-uncertain if they did not.\n`;
  text += report.ok
    ? `\nOK: ${verb.toLowerCase()} every selected record.\n`
    : `\nFAIL: records were left (exit code ${report.exitCode}).\n`;
  return text;
}
