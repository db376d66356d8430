import { ResolvedGuardrailOptions } from './options';
import { StackElement, StackModel } from './stack';

/** Outcome of one rule on one element (cdk-nag's COMPLIANT / NON_COMPLIANT / NOT_APPLICABLE). */
export type RuleStatus = 'compliant' | 'non-compliant' | 'not-applicable';

/** How bad a non-compliant finding is, in checkov/tfsec terms. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** The part of SECURITY.md a rule enforces; also the folder of its file under `src/rules/`. */
export type RuleArea =
  | 'storage'
  | 'delivery'
  | 'compute'
  | 'alb'
  | 'identity'
  | 'logs'
  | 'athena'
  | 'kms'
  | 'monitoring'
  | 'state';

/** What a rule returns for one element. */
export interface RuleResult {
  readonly status: RuleStatus;
  /** Why; always set for `non-compliant` (what is wrong and what to do), optional otherwise. */
  readonly message?: string;
}

/** What a rule may look at besides the element: the whole stack and the pack options. */
export interface RuleContext {
  /** The stack the element belongs to, with lookups for companion resources and references. */
  readonly stack: StackModel;
  /** Options the pack runs with (environment-dependent requirements). */
  readonly options: ResolvedGuardrailOptions;
}

/** Identity and documentation shared by per-stack and cross-stack rules. */
export interface RuleMetadata {
  /** The checkov / tfsec / cdk-nag id the rule mirrors (`CKV_AWS_19`, `AVD-AWS-0036`, `AwsSolutions-S10`), or an `ICELOG_*` id when no public rule exists. */
  readonly id: string;
  /** One-line title, phrased as the compliant state. */
  readonly title: string;
  readonly severity: Severity;
  /** One line: what is checked and why. */
  readonly docs: string;
  readonly area: RuleArea;
}

/**
 * A pure function over one element of the synthesized JSON. It never throws on unresolved
 * expressions (`${…}`): it reads values through the `references` and `hcl` modules, which treat
 * them as opaque.
 */
export interface GuardrailRule extends RuleMetadata {
  /** Element selectors the rule inspects: resource types, `data.<type>`, `terraform.backend.<type>`, `provider.<name>`. */
  readonly resourceTypes: readonly string[];
  evaluate(element: StackElement, context: RuleContext): RuleResult;
}

/** One stack given to a cross-stack rule. */
export interface StackUnderCheck {
  readonly stack: StackModel;
  readonly options: ResolvedGuardrailOptions;
}

/** A cross-stack rule's verdict on one element of one stack. */
export interface CrossStackResult extends RuleResult {
  /** Name of the stack the element belongs to. */
  readonly stackName: string;
  readonly element: StackElement;
}

/** A rule that needs several stacks at once, e.g. "each environment has its own state key". */
export interface CrossStackRule extends RuleMetadata {
  evaluate(stacks: readonly StackUnderCheck[]): CrossStackResult[];
}

/** The element satisfies the rule. */
export function compliant(message?: string): RuleResult {
  return message === undefined ? { status: 'compliant' } : { status: 'compliant', message };
}

/** The element breaks the rule; `message` says what is wrong and what would fix it. */
export function nonCompliant(message: string): RuleResult {
  return { status: 'non-compliant', message };
}

/** The rule does not concern this element (or the option that enables it is off). */
export function notApplicable(message: string): RuleResult {
  return { status: 'not-applicable', message };
}

/** Defines a rule; the identity function, there for type inference and a uniform shape. */
export function defineRule(rule: GuardrailRule): GuardrailRule {
  return rule;
}

/** Defines a cross-stack rule. */
export function defineCrossStackRule(rule: CrossStackRule): CrossStackRule {
  return rule;
}
