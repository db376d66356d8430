import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { allowStatements, statementLabel } from '../../iam/policy-document';
import { PERMISSION_POLICY_TYPES, opaquePolicyMessage, permissionPolicies } from '../../iam/policy-sources';
import { literalSkeleton } from '../../references';

const GLUE_ARN = /^arn:[^:]*:glue:[^:]*:[^:]*:(.+)$/;

/** ICELOG_IAM_2: policies name exact Glue catalog, database and table ARNs, never wildcards. */
export const GlueNoWildcardArns = defineRule({
  id: 'ICELOG_IAM_2',
  title: 'IAM policies grant Glue access on exact ARNs, not database/* or table/*/*',
  severity: 'high',
  area: 'delivery',
  docs: 'Allow statements name the catalog, the one database and the exact tables routing can produce: a * in a Glue ARN (database/*, table/db/*) or Resource "*" with glue: actions would let the role write to any table.',
  resourceTypes: PERMISSION_POLICY_TYPES,
  evaluate(element, { stack }) {
    const policies = permissionPolicies(stack, element);
    if (policies.length === 0) return notApplicable('no permission policy');
    const problems: string[] = [];
    for (const { label, policy } of policies) {
      allowStatements(policy).forEach((s) => {
        const where = `${label} ${statementLabel(s, policy.statements.indexOf(s))}`;
        const wildcards = s.resources.filter((r) => {
          const match = GLUE_ARN.exec(literalSkeleton(r));
          return match !== null && /[*?]/.test(match[1]);
        });
        if (wildcards.length > 0)
          problems.push(`${where} grants ${wildcards.map((w) => JSON.stringify(w)).join(', ')}`);
        const glueActions = s.actions.filter((a) => a.toLowerCase().startsWith('glue:') || a === '*');
        if (s.resources.includes('*') && glueActions.some((a) => a !== '*')) {
          problems.push(`${where} grants ${glueActions.join(', ')} on Resource "*"`);
        }
      });
    }
    if (problems.length > 0)
      return nonCompliant(`${problems.join('; ')}; name the exact catalog/database/table ARNs`);
    const opaque = policies.flatMap((p) => p.policy.opaque);
    if (opaque.length > 0) return nonCompliant(opaquePolicyMessage('the policy', opaque));
    return compliant();
  },
});
