import { REVIEW_MARKER, cell, code, renderWarnings, table } from './markdown';
import { OPTIONAL_ACTIONS, PLAN_ACTIONS } from './plan-json';
import { PlanSummary } from './summary';

/**
 * Most characters GitHub accepts in an issue or pull-request comment body; a longer body is rejected
 * with 422 ("Body is too long").
 */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** A Markdown document added after the plans, collapsed (e.g. the synth diff). */
export interface AppendedSection {
  /** Summary line of the collapsed block. */
  readonly title: string;
  /** Markdown body. */
  readonly markdown: string;
}

/** Options of {@link renderPlanReview}. */
export interface RenderPlanReviewOptions {
  /**
   * Heading of the document.
   * @default 'icelog plan review'
   */
  readonly title?: string;
  /**
   * Most rows of the resources table per plan; the rest are counted, not listed.
   * @default 200
   */
  readonly maxRows?: number;
  /**
   * Labels of plans that were expected but are missing (the plan job failed or did not run); each
   * gets a caution instead of silently disappearing from the review.
   * @default []
   */
  readonly missing?: readonly string[];
  /**
   * Commit the plans were made for; shown under the heading so a stale comment is recognisable.
   * @default - not shown
   */
  readonly commit?: string;
  /**
   * Link to the workflow run that made the plans (and holds the full text in its job summary).
   * @default - not shown
   */
  readonly runUrl?: string;
  /**
   * `terraform show` text per plan label, rendered collapsed under the plan's section and cut to fit.
   * @default {}
   */
  readonly planTexts?: Readonly<Record<string, string>>;
  /**
   * A note shown under the headline (e.g. why no plan ran).
   * @default - none
   */
  readonly note?: string;
  /**
   * Collapsed sections after the plans (e.g. the synth diff).
   * @default []
   */
  readonly appended?: readonly AppendedSection[];
  /**
   * Most characters of the whole document. Plan texts are cut first, then resource rows, then the
   * document itself, each time saying so and pointing to the run.
   * @default 60000 (below GitHub's 65,536-character comment limit)
   */
  readonly maxChars?: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A fence longer than any backtick run in `text`, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(longest + 1);
}

/** `text` cut at a line boundary to at most `max` characters, saying how much was left out. */
export function truncateText(text: string, max: number, pointer: string): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', Math.max(0, max));
  const kept = text.slice(0, cut > 0 ? cut : Math.max(0, max));
  const lines = text.slice(kept.length).split('\n').filter(Boolean).length;
  return `${kept}\n… ${plural(lines, 'more line')} cut; ${pointer}`;
}

function headline(summaries: readonly PlanSummary[], missing: readonly string[]): string {
  if (summaries.length === 0) {
    return missing.length > 0
      ? `**No plans**: ${plural(missing.length, 'expected plan')} missing, nothing was reviewed.`
      : '**No plans**: no app is affected by this change, so there is nothing to plan.';
  }
  const dangers = summaries.reduce((n, s) => n + s.warnings.filter((w) => w.severity === 'danger').length, 0);
  const plans = plural(summaries.length, 'plan');
  return dangers > 0
    ? `**${plural(dangers, 'dangerous change')}** across ${plans}: read the cautions below before approving.`
    : `No data-bearing resource is replaced or deleted in ${plans}.`;
}

interface Budget {
  readonly maxRows: number;
  /** Characters per plan text; `undefined` = whole text. */
  readonly planTextChars?: number;
}

function render(summaries: readonly PlanSummary[], options: RenderPlanReviewOptions, budget: Budget): string {
  const missing = options.missing ?? [];
  const pointer = options.runUrl
    ? `the full text is in the job summary of [the workflow run](${options.runUrl}).`
    : 'the full text is in the job summary of the workflow run.';
  const lines: string[] = [REVIEW_MARKER, `## ${options.title ?? 'icelog plan review'}`, ''];
  const provenance = [
    options.commit && `Plans of commit ${code(options.commit.slice(0, 12))}`,
    options.runUrl && `[workflow run](${options.runUrl})`,
  ].filter(Boolean);
  if (provenance.length > 0) lines.push(provenance.join(' · '), '');
  lines.push(headline(summaries, missing), '');
  if (options.note) lines.push('> [!NOTE]', `> ${options.note.replace(/\r?\n/g, ' ')}`, '');
  if (missing.length > 0) {
    lines.push(
      '> [!CAUTION]',
      `> **No plan for ${missing.map(code).join(', ')}**: the plan job failed or did not run, so ${missing.length === 1 ? 'this app is' : 'these apps are'} NOT reviewed. Check the workflow run.`,
      '',
    );
  }
  for (const s of summaries) {
    lines.push(`### ${s.label}`, '');
    const meta = [
      s.source && `plan ${code(s.source)}`,
      s.terraformVersion && `Terraform ${s.terraformVersion}`,
    ]
      .filter(Boolean)
      .join(' · ');
    if (meta) lines.push(meta, '');
    lines.push(...renderWarnings(s.warnings));
    const shown = PLAN_ACTIONS.filter((a) => !OPTIONAL_ACTIONS.has(a) || s.counts[a] > 0);
    lines.push(
      table(
        shown,
        [shown.map((a) => String(s.counts[a]))],
        shown.map(() => '---:'),
      ),
      '',
    );
    if (s.resources.length === 0) {
      lines.push('No changes.', '');
    } else {
      const rows = s.resources
        .slice(0, budget.maxRows)
        .map((r) => [
          code(cell(r.address)),
          cell(r.type),
          ['replace', 'delete', 'replace-forget', 'unknown'].includes(r.action)
            ? `**${r.action}**`
            : r.action,
          cell(r.replacePaths.join(', ')),
        ]);
      lines.push(
        `<details${s.warnings.length > 0 ? ' open' : ''}><summary>${plural(s.resources.length, 'resource change')} (no-op omitted)</summary>`,
        '',
      );
      if (rows.length > 0) lines.push(table(['address', 'type', 'action', 'forces replacement'], rows), '');
      if (s.resources.length > rows.length) {
        lines.push(`…and ${s.resources.length - rows.length} more; ${pointer}`, '');
      }
      lines.push('</details>', '');
    }
    const text = options.planTexts?.[s.label];
    if (text !== undefined) {
      const body =
        budget.planTextChars === undefined ? text : truncateText(text, budget.planTextChars, pointer);
      const f = fence(body);
      lines.push(
        `<details><summary>terraform plan: ${plural(text.split('\n').length, 'line')}</summary>`,
        '',
        `${f}text`,
        body.trimEnd(),
        f,
        '',
        '</details>',
        '',
      );
    }
  }
  for (const a of options.appended ?? []) {
    lines.push(
      `<details><summary>${cell(a.title)}</summary>`,
      '',
      a.markdown.trimEnd(),
      '',
      '</details>',
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The Markdown PR comment for zero or more plans (one section each), starting with
 * {@link REVIEW_MARKER} and never longer than `maxChars`: plan texts are cut first, then resource rows,
 * and as a last resort the document, always with a pointer to the run holding the full text.
 */
export function renderPlanReview(
  summaries: readonly PlanSummary[],
  options: RenderPlanReviewOptions = {},
): string {
  const maxChars = options.maxChars ?? 60_000;
  let budget: Budget = { maxRows: options.maxRows ?? 200 };
  let out = render(summaries, options, budget);
  if (out.length <= maxChars) return out;

  const texts = Object.keys(options.planTexts ?? {}).filter((l) => summaries.some((s) => s.label === l));
  if (texts.length > 0) {
    const withoutTexts = render(summaries, options, { ...budget, planTextChars: 0 }).length;
    const share = Math.floor((maxChars - withoutTexts) / texts.length) - 200;
    budget = { ...budget, planTextChars: Math.max(0, share) };
    out = render(summaries, options, budget);
  }
  while (out.length > maxChars && budget.maxRows > 0) {
    budget = { ...budget, maxRows: Math.floor(budget.maxRows / 2) };
    out = render(summaries, options, budget);
  }
  if (out.length <= maxChars) return out;
  const tail = `\n\n**Review cut at ${maxChars.toLocaleString('en-US')} characters**; ${
    options.runUrl
      ? `the full review is in the job summary of [the workflow run](${options.runUrl}).`
      : 'the full review is in the job summary of the workflow run.'
  }\n`;
  const cut = out.lastIndexOf('\n', maxChars - tail.length - '\n</details>'.length);
  const kept = out.slice(0, Math.max(0, cut));
  const open = (kept.match(/<details/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
  return `${kept}${open > 0 ? '\n</details>' : ''}${tail}`;
}
