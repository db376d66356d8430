import { RuleContext, RuleResult, compliant, nonCompliant, notApplicable } from '../rule';
import { StackElement } from '../stack';
import { PolicyStatementView, allowStatements, statementLabel } from './policy-document';
import { opaquePolicyMessage, permissionPolicies } from './policy-sources';

/**
 * Runs `check` on every Allow statement of an element's permission policies and turns the problems
 * into one result. A policy part that cannot be read makes the result non-compliant when nothing
 * else was found: the rule cannot prove it clean.
 */
export function checkAllowStatements(
  element: StackElement,
  { stack }: RuleContext,
  check: (statement: PolicyStatementView) => string | undefined,
  advice: string,
): RuleResult {
  const policies = permissionPolicies(stack, element);
  if (policies.length === 0) return notApplicable('no permission policy');
  const problems: string[] = [];
  for (const { label, policy } of policies) {
    for (const statement of allowStatements(policy)) {
      const problem = check(statement);
      if (problem)
        problems.push(
          `${label} ${statementLabel(statement, policy.statements.indexOf(statement))} ${problem}`,
        );
    }
  }
  if (problems.length > 0) return nonCompliant(`${problems.join('; ')}; ${advice}`);
  const opaque = policies.flatMap((p) => p.policy.opaque);
  if (opaque.length > 0) return nonCompliant(opaquePolicyMessage('the policy', opaque));
  return compliant();
}
