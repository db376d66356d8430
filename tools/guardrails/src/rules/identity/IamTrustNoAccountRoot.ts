import { defineRule, compliant, nonCompliant } from '../../rule';
import { allowStatements, statementLabel } from '../../iam/policy-document';
import { opaquePolicyMessage, trustPolicy } from '../../iam/policy-sources';
import { literalSkeleton } from '../../references';

/** CKV_AWS_61: no trust policy trusts a whole AWS account (its root principal). */
export const IamTrustNoAccountRoot = defineRule({
  id: 'CKV_AWS_61',
  title: 'IAM role trust policy does not trust a whole AWS account',
  severity: 'high',
  area: 'identity',
  docs: 'No Allow statement of assume_role_policy has an AWS principal that is an account id or arn:…:iam::<account>:root, which would let every principal of that account assume the role.',
  resourceTypes: ['aws_iam_role'],
  evaluate(role, { stack }) {
    const trust = trustPolicy(stack, role);
    if (!trust) return nonCompliant('the role has no assume_role_policy');
    const problems: string[] = [];
    for (const s of allowStatements(trust)) {
      const accounts = s.principals
        .filter((p) => p.type === 'AWS')
        .flatMap((p) => p.identifiers)
        .filter((id) => /^\d{12}$/.test(id) || /^arn:[^:]*:iam::[^:]*:root$/.test(literalSkeleton(id)));
      if (accounts.length > 0) {
        problems.push(
          `${statementLabel(s, trust.statements.indexOf(s))} trusts account ${accounts.join(', ')}`,
        );
      }
    }
    if (problems.length > 0)
      return nonCompliant(`${problems.join('; ')}; trust the role or service that needs it`);
    if (trust.opaque.length > 0) return nonCompliant(opaquePolicyMessage('assume_role_policy', trust.opaque));
    return compliant();
  },
});
