import { dataBearingType } from './data-bearing';
import { REVIEW_MARKER, cell, code, renderWarnings, table } from './markdown';
import {
  ActionCounts,
  PLAN_ACTIONS,
  PlanAction,
  PlanResourceChange,
  TerraformPlan,
  attributePath,
  classifyActions,
  countActions,
} from './plan-json';
import { POLICY_ATTRIBUTES, describeWildcard, findPolicyWildcards, newWildcards } from './policy-wildcards';
import { ReviewWarning, sortWarnings } from './warnings';

/** One row of the resources table. */
export interface ResourceRow {
  /** Resource address. */
  readonly address: string;
  /** Resource type. */
  readonly type: string;
  /** `managed` or `data`. */
  readonly mode: 'managed' | 'data';
  /** What Terraform will do. */
  readonly action: PlanAction;
  /**
   * Terraform's reason for the action, e.g. `replace_because_cannot_update`.
   * @default - none
   */
  readonly actionReason?: string;
  /** Attribute paths forcing a replacement (indices dropped); empty unless replaced. */
  readonly replacePaths: readonly string[];
}

/** The review of one plan. */
export interface PlanSummary {
  /** Name of the plan in the report, e.g. the app (`dev`). */
  readonly label: string;
  /**
   * Where the plan was read from.
   * @default - none
   */
  readonly source?: string;
  /**
   * Terraform version that produced the plan.
   * @default - none
   */
  readonly terraformVersion?: string;
  /** Changes per action. */
  readonly counts: ActionCounts;
  /** Every change except no-ops, sorted by action then address. */
  readonly resources: readonly ResourceRow[];
  /** Findings, dangers first. */
  readonly warnings: readonly ReviewWarning[];
}

/** Options of {@link summarizePlan}. */
export interface SummarizeOptions {
  /**
   * Name of the plan in the report.
   * @default 'plan'
   */
  readonly label?: string;
  /**
   * Where the plan was read from, shown under the heading.
   * @default - not shown
   */
  readonly source?: string;
}

const REASONS: Record<string, string> = {
  replace_because_tainted: 'the object is tainted',
  replace_because_cannot_update: 'attributes that cannot be updated in place changed',
  replace_by_request: 'requested with -replace',
  replace_by_triggers: 'replace_triggered_by fired',
};

const ACTION_ORDER: Record<PlanAction, number> = Object.fromEntries(
  PLAN_ACTIONS.map((a, i) => [a, i]),
) as Record<PlanAction, number>;

/** Reviews a plan: counts, resources by action and findings. */
export function summarizePlan(plan: TerraformPlan, options: SummarizeOptions = {}): PlanSummary {
  const changes = plan.resource_changes ?? [];
  const warnings: ReviewWarning[] = [];
  const resources: ResourceRow[] = [];
  for (const rc of changes) {
    const action = classifyActions(rc.change.actions);
    const replacePaths = [...new Set((rc.change.replace_paths ?? []).map(attributePath))];
    if (action !== 'no-op') {
      resources.push({
        address: rc.address,
        type: rc.type,
        mode: rc.mode,
        action,
        ...(rc.action_reason === undefined ? {} : { actionReason: rc.action_reason }),
        replacePaths: action === 'replace' ? replacePaths : [],
      });
    }
    if (rc.mode === 'managed') warnings.push(...changeWarnings(rc, action, replacePaths));
  }
  if (plan.errored === true) {
    warnings.push({
      severity: 'danger',
      kind: 'incomplete-plan',
      address: options.label ?? 'plan',
      message: 'Terraform stopped planning on an error: the plan is incomplete and must not be applied.',
    });
  }
  resources.sort(
    (a, b) => ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || a.address.localeCompare(b.address),
  );
  return {
    label: options.label ?? 'plan',
    ...(options.source === undefined ? {} : { source: options.source }),
    ...(plan.terraform_version === undefined ? {} : { terraformVersion: plan.terraform_version }),
    counts: countActions(changes),
    resources,
    warnings: sortWarnings(warnings),
  };
}

function changeWarnings(rc: PlanResourceChange, action: PlanAction, replacePaths: string[]): ReviewWarning[] {
  const out: ReviewWarning[] = [];
  const entry = dataBearingType(rc.type);
  if (entry && action === 'replace') {
    const why =
      replacePaths.length > 0
        ? `forced by ${replacePaths.map(code).join(', ')}`
        : `because ${REASONS[rc.action_reason ?? ''] ?? (rc.action_reason || 'Terraform decided so')}`;
    out.push({
      severity: 'danger',
      kind: 'replace',
      address: rc.address,
      type: rc.type,
      message: `${rc.type} replaced, ${why}. ${entry.onReplace}`,
      attributes: replacePaths,
    });
  }
  if (entry && action === 'delete') {
    out.push({
      severity: 'danger',
      kind: 'delete',
      address: rc.address,
      type: rc.type,
      message: `${rc.type} deleted. ${entry.onDelete}`,
    });
  }
  const policyAttributes = POLICY_ATTRIBUTES[rc.type];
  if (policyAttributes && (action === 'create' || action === 'update' || action === 'replace')) {
    for (const attribute of policyAttributes) {
      const after = findPolicyWildcards(field(rc.change.after, attribute));
      const added = newWildcards(after, findPolicyWildcards(field(rc.change.before, attribute)));
      if (added.length > 0) {
        out.push({
          severity: 'warning',
          kind: 'policy-wildcard',
          address: rc.address,
          type: rc.type,
          message: `${code(attribute)} gains ${added.map(describeWildcard).join(', ')}; name the actions and resource ARNs instead (SECURITY.md).`,
          attributes: [attribute],
        });
      }
    }
  }
  return out;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** Options of {@link renderPlanReview}. */
export interface RenderPlanReviewOptions {
  /**
   * Heading of the document.
   * @default 'icelog plan review'
   */
  readonly title?: string;
  /**
   * Most rows of the resources table per plan; the rest are counted, not listed (a PR comment holds
   * at most 65,536 characters).
   * @default 200
   */
  readonly maxRows?: number;
  /**
   * Labels of plans that were expected but are missing (the plan job failed or did not run); each
   * gets a caution instead of silently disappearing from the review.
   * @default []
   */
  readonly missing?: readonly string[];
}

/** The Markdown PR comment for one or more plans (one section each), starting with {@link REVIEW_MARKER}. */
export function renderPlanReview(
  summaries: readonly PlanSummary[],
  options: RenderPlanReviewOptions = {},
): string {
  const maxRows = options.maxRows ?? 200;
  const lines: string[] = [REVIEW_MARKER, `## ${options.title ?? 'icelog plan review'}`, ''];
  const missing = options.missing ?? [];
  const dangers = summaries.reduce((n, s) => n + s.warnings.filter((w) => w.severity === 'danger').length, 0);
  const plans = `${summaries.length} plan${summaries.length === 1 ? '' : 's'}`;
  lines.push(
    dangers > 0
      ? `**${dangers} dangerous change${dangers === 1 ? '' : 's'}** across ${plans}: read the cautions below before approving.`
      : `No data-bearing resource is replaced or deleted in ${plans}.`,
    '',
  );
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
    const shown = PLAN_ACTIONS.filter((a) => a !== 'forget' || s.counts.forget > 0);
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
      continue;
    }
    const rows = s.resources
      .slice(0, maxRows)
      .map((r) => [
        code(cell(r.address)),
        cell(r.type),
        r.action === 'replace' || r.action === 'delete' ? `**${r.action}**` : r.action,
        cell(r.replacePaths.join(', ')),
      ]);
    lines.push(
      `<details${s.warnings.length > 0 ? ' open' : ''}><summary>${s.resources.length} resource change${s.resources.length === 1 ? '' : 's'} (no-op omitted)</summary>`,
      '',
      table(['address', 'type', 'action', 'forces replacement'], rows),
      '',
    );
    if (s.resources.length > maxRows) lines.push(`…and ${s.resources.length - maxRows} more.`, '');
    lines.push('</details>', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
