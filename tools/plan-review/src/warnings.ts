/** How loud a finding is: `danger` loses data or state; `warning` needs a reviewer's eye. */
export type Severity = 'danger' | 'warning';

/** What a finding is about. */
export type WarningKind =
  /** A data-bearing resource is replaced. */
  | 'replace'
  /** A data-bearing resource is deleted. */
  | 'delete'
  /** A data-bearing resource is replaced, the old object left in place and forgotten. */
  | 'replace-forget'
  /** Terraform plans an action list this review does not know. */
  | 'unknown-action'
  /** A resource's logical id changed: Terraform destroys the old one and creates the new one. */
  | 'rename'
  /** An attribute that forces replacement changed (synth diff). */
  | 'force-new-change'
  /** The state backend changed. */
  | 'backend-change'
  /** The provider region changed. */
  | 'region-change'
  /** A change adds a wildcard to an IAM policy. */
  | 'policy-wildcard'
  /** The plan stopped on an error and is incomplete. */
  | 'incomplete-plan';

/** One finding of a review, rendered as a loud line in the PR comment. */
export interface ReviewWarning {
  /** How loud. */
  readonly severity: Severity;
  /** What it is about. */
  readonly kind: WarningKind;
  /** Resource address (or `terraform.backend`, `provider.aws`). */
  readonly address: string;
  /**
   * Resource type, when the finding is about a resource.
   * @default - none
   */
  readonly type?: string;
  /** What happens, and why it matters. */
  readonly message: string;
  /**
   * Attribute paths involved (forcing replacement, or changed).
   * @default - none
   */
  readonly attributes?: readonly string[];
}

/** Dangers first, then by address. */
export function sortWarnings(warnings: readonly ReviewWarning[]): ReviewWarning[] {
  return [...warnings].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'danger' ? -1 : 1) ||
      a.address.localeCompare(b.address),
  );
}
