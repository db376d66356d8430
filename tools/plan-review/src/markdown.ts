import { ReviewWarning } from './warnings';

/**
 * Hidden first line of every review document. A sticky-comment step finds its previous comment by it
 * and edits that comment instead of adding a new one.
 */
export const REVIEW_MARKER = '<!-- icelog-plan-review -->';

/** Text safe inside a Markdown table cell: pipes escaped, newlines flattened. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A Markdown table; `rows` are already escaped with {@link cell}. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align?: string[],
): string {
  const sep = align ?? header.map(() => '---');
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/**
 * A JSON rendering of a value cut to about `max` characters in the middle, so both the start and the
 * distinguishing end of long ARNs and references stay visible.
 */
export function shortValue(value: unknown, max = 80): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

/** Text safe inside HTML (`<summary>`), where Markdown code spans are not rendered everywhere. */
export function htmlCode(text: string): string {
  return `<code>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code>`;
}

/** GitHub alert blocks (`> [!CAUTION]`) listing the findings, dangers first. */
export function renderWarnings(warnings: readonly ReviewWarning[]): string[] {
  const lines: string[] = [];
  const dangers = warnings.filter((w) => w.severity === 'danger');
  const others = warnings.filter((w) => w.severity !== 'danger');
  if (dangers.length > 0) {
    lines.push('> [!CAUTION]');
    lines.push(
      `> **${dangers.length} dangerous change${dangers.length === 1 ? '' : 's'}: data or state at risk.**`,
    );
    for (const w of dangers) lines.push(`> - ${warningLine(w)}`);
    lines.push('');
  }
  if (others.length > 0) {
    lines.push('> [!WARNING]');
    for (const w of others) lines.push(`> - ${warningLine(w)}`);
    lines.push('');
  }
  return lines;
}

const LABELS: Record<ReviewWarning['kind'], string> = {
  replace: 'REPLACE',
  delete: 'DELETE',
  'replace-forget': 'REPLACE, OLD ONE FORGOTTEN',
  'unknown-action': 'UNKNOWN ACTION',
  rename: 'RENAME = REPLACE',
  'force-new-change': 'FORCES REPLACEMENT',
  'backend-change': 'BACKEND CHANGED',
  'region-change': 'REGION CHANGED',
  'policy-wildcard': 'POLICY WILDCARD',
  'incomplete-plan': 'PLAN INCOMPLETE',
};

function warningLine(w: ReviewWarning): string {
  return `**${LABELS[w.kind]}** ${code(w.address)}: ${w.message.replace(/\r?\n/g, ' ')}`;
}
