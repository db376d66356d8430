import { TerraformElement } from 'cdktf';

/** A recorded, reasoned exception to one guardrail rule for one resource. */
export interface GuardrailSuppression {
  /** The rule id, e.g. `CKV_AWS_336`. */
  readonly id: string;
  /** Why the rule does not apply or cannot be met here: at least 20 characters, read by reviewers. */
  readonly reason: string;
}

/**
 * Records, next to the resource in code, that a guardrail rule is knowingly not met, and why. The
 * suppression travels in the synthesized JSON under the resource's `//` comment key (which Terraform
 * ignores), where the guardrail rule pack (tools/guardrails) reads it:
 * `"//": { "guardrails": { "suppressions": [{ "id": "CKV_AWS_336", "reason": "…" }] } }`.
 */
export function suppressGuardrail(resource: TerraformElement, id: string, reason: string): void {
  if (!/^[A-Z][A-Z0-9_-]+$/.test(id))
    throw new Error(`suppressGuardrail: rule id "${id}" is not a rule id such as CKV_AWS_336`);
  if (reason.trim().length < 20) {
    throw new Error(
      `suppressGuardrail(${id}): the reason must explain the exception (at least 20 characters)`,
    );
  }
  const existing = suppressions.get(resource) ?? [];
  if (existing.some((s) => s.id === id))
    throw new Error(`suppressGuardrail: ${id} is already suppressed on ${resource.node.path}`);
  const next = [...existing, { id, reason: reason.trim() }];
  suppressions.set(resource, next);
  resource.addOverride('//.guardrails.suppressions', next);
}

const suppressions = new WeakMap<TerraformElement, GuardrailSuppression[]>();
