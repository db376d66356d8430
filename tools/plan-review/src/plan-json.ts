import { readFileSync } from 'node:fs';

/**
 * What Terraform will do to one resource instance, folded from the `actions` list of the plan JSON
 * (`terraform show -json`). Every list Terraform writes is known (its `internal/command/jsonplan`):
 * `["delete","create"]` and `["create","delete"]` are a replacement (destroy-before-create or
 * create-before-destroy); `["forget"]` (Terraform ≥ 1.7 `removed` blocks, or `lifecycle { destroy =
 * false }`) drops the object from state without destroying it; `["create","forget"]` and
 * `["forget","create"]` replace it while leaving the old object in place, unmanaged. A list no Terraform
 * version wrote when this was built folds to `unknown`: reported loudly, never an error, so a newer
 * Terraform cannot stop the review.
 */
export type PlanAction =
  'create' | 'update' | 'replace' | 'replace-forget' | 'delete' | 'forget' | 'read' | 'no-op' | 'unknown';

/** Every {@link PlanAction}, in the order reports list them. */
export const PLAN_ACTIONS: readonly PlanAction[] = [
  'create',
  'update',
  'replace',
  'replace-forget',
  'delete',
  'forget',
  'read',
  'no-op',
  'unknown',
];

/** Actions the counts table shows only when a plan has them (rare, or new in Terraform 1.7+). */
export const OPTIONAL_ACTIONS: ReadonlySet<PlanAction> = new Set(['replace-forget', 'forget', 'unknown']);

/** One step of an attribute path in `replace_paths`: an attribute name or a list index / map key. */
export type PathStep = string | number;

/** The `change` object of a resource change in the plan JSON. Only the fields the review reads. */
export interface PlanChange {
  /** Terraform's action list, e.g. `["update"]` or `["delete","create"]`. */
  readonly actions: readonly string[];
  /** Attribute values before the change; `null` when created. */
  readonly before?: unknown;
  /** Attribute values after the change; `null` when deleted; unknown values are omitted. */
  readonly after?: unknown;
  /** Attribute paths whose change forces the replacement (Terraform ≥ 0.15.4). */
  readonly replace_paths?: readonly (readonly PathStep[])[];
}

/** One entry of `resource_changes` in the plan JSON. */
export interface PlanResourceChange {
  /** Full address, e.g. `module.x.aws_s3_bucket.b["k"]`. */
  readonly address: string;
  /** `managed` for resources, `data` for data sources. */
  readonly mode: 'managed' | 'data';
  /** Resource type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Name in the configuration (a cdktf logical id). */
  readonly name: string;
  /** Set when this change is about a deposed object of a create-before-destroy replacement. */
  readonly deposed?: string;
  /** Why Terraform chose this action, e.g. `replace_because_cannot_update`. */
  readonly action_reason?: string;
  /** The change itself. */
  readonly change: PlanChange;
}

/** The parts of `terraform show -json <planfile>` output the review reads. */
export interface TerraformPlan {
  /** JSON format version, e.g. `1.2`. */
  readonly format_version: string;
  /** Terraform version that produced the plan. */
  readonly terraform_version?: string;
  /** Planned changes to resources and data sources. */
  readonly resource_changes?: readonly PlanResourceChange[];
  /** True when planning stopped on an error (the plan is incomplete). */
  readonly errored?: boolean;
}

/** Thrown when an input is not what the review expects; the message names field, value and rule. */
export class PlanReviewInputError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly rule: string,
  ) {
    super(`Invalid ${field}: ${rule}. Received: ${describe(value)}`);
    this.name = 'PlanReviewInputError';
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Folds Terraform's action list into one {@link PlanAction}; a list it does not know is `unknown`. */
export function classifyActions(actions: readonly string[]): PlanAction {
  const key = actions.join(',');
  switch (key) {
    case 'create':
    case 'update':
    case 'delete':
    case 'read':
    case 'no-op':
    case 'forget':
      return key;
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    case 'create,forget':
    case 'forget,create':
      return 'replace-forget';
    default:
      return 'unknown';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that `json` has the shape of `terraform show -json <planfile>` output and returns it typed.
 * `source` names the input in error messages.
 */
export function parsePlan(json: unknown, source = 'plan'): TerraformPlan {
  if (!isObject(json)) throw new PlanReviewInputError(source, json, 'must be a JSON object');
  if (typeof json.format_version !== 'string') {
    throw new PlanReviewInputError(
      `${source}.format_version`,
      json.format_version,
      'must be a string: is this `terraform show -json <planfile>` output?',
    );
  }
  const changes = json.resource_changes ?? [];
  if (!Array.isArray(changes)) {
    throw new PlanReviewInputError(`${source}.resource_changes`, changes, 'must be an array');
  }
  changes.forEach((rc: unknown, i) => {
    const field = `${source}.resource_changes[${i}]`;
    if (!isObject(rc) || typeof rc.address !== 'string' || typeof rc.type !== 'string') {
      throw new PlanReviewInputError(field, rc, 'must be an object with string address and type');
    }
    if (
      !isObject(rc.change) ||
      !Array.isArray(rc.change.actions) ||
      rc.change.actions.some((a) => typeof a !== 'string')
    ) {
      throw new PlanReviewInputError(
        `${field}.change.actions`,
        isObject(rc.change) ? rc.change.actions : rc.change,
        'must be an array of action names (strings)',
      );
    }
  });
  return json as unknown as TerraformPlan;
}

/** Reads and checks a plan JSON file. */
export function readPlanFile(path: string): TerraformPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PlanReviewInputError('plan file', path, `must be readable (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlanReviewInputError('plan file', path, `must hold JSON (${(error as Error).message})`);
  }
  return parsePlan(json, path);
}

/** Number of resource changes per action; every action is present, zero when absent. */
export type ActionCounts = Record<PlanAction, number>;

/** Counts the changes of a plan by {@link PlanAction}. */
export function countActions(changes: readonly PlanResourceChange[]): ActionCounts {
  const counts = Object.fromEntries(PLAN_ACTIONS.map((a) => [a, 0])) as ActionCounts;
  for (const rc of changes) counts[classifyActions(rc.change.actions)] += 1;
  return counts;
}

/** `iceberg_configuration.0.catalog_arn` → `iceberg_configuration.catalog_arn`: list indices dropped. */
export function attributePath(path: readonly PathStep[]): string {
  return path.filter((step) => typeof step === 'string').join('.');
}
