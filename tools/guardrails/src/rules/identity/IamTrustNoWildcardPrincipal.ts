import { defineRule, compliant, nonCompliant } from '../../rule';
import { allowStatements, isWildcardPrincipal, statementLabel } from '../../iam/policy-document';
import { opaquePolicyMessage, trustPolicy } from '../../iam/policy-sources';

/** CKV_AWS_60: no trust policy lets anyone assume the role. */
export const IamTrustNoWildcardPrincipal = defineRule({
  id: 'CKV_AWS_60',
  title: 'IAM role trust policy has no wildcard principal',
  severity: 'critical',
  area: 'identity',
  docs: 'No Allow statement of assume_role_policy has Principal "*", AWS "*" or Service "*": only named services or principals may assume the role.',
  resourceTypes: ['aws_iam_role'],
  evaluate(role, { stack }) {
    const trust = trustPolicy(stack, role);
    if (!trust) return nonCompliant('the role has no assume_role_policy');
    const problems = allowStatements(trust)
      .filter((s) => s.principals.some(isWildcardPrincipal))
      .map((s) => `${statementLabel(s, trust.statements.indexOf(s))} lets any principal assume the role`);
    if (problems.length > 0)
      return nonCompliant(`${problems.join('; ')}; name the service or role that needs it`);
    if (trust.opaque.length > 0) return nonCompliant(opaquePolicyMessage('assume_role_policy', trust.opaque));
    return compliant();
  },
});
