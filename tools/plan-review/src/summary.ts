import { dataBearingType } from './data-bearing';
import { code } from './markdown';
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
    if (rc.mode === 'managed' || action === 'unknown') {
      warnings.push(...changeWarnings(rc, action, replacePaths));
    }
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
  if (entry && action === 'replace-forget') {
    out.push({
      severity: 'warning',
      kind: 'replace-forget',
      address: rc.address,
      type: rc.type,
      message: `${rc.type} replaced, but the old object is not destroyed (\`destroy = false\`): a new, empty one is created and the old one stays in AWS, no longer managed by Terraform. Check that the two can coexist (same name?) and who cleans up the old one.`,
    });
  }
  if (action === 'unknown') {
    out.push({
      severity: 'danger',
      kind: 'unknown-action',
      address: rc.address,
      type: rc.type,
      message: `Terraform plans the actions ${JSON.stringify(rc.change.actions)}, which this review does not know: read the plan text before approving.`,
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
