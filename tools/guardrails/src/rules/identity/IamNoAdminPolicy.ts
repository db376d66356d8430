import { defineRule } from '../../rule';
import { PERMISSION_POLICY_TYPES } from '../../iam/policy-sources';
import { checkAllowStatements } from '../../iam/statement-rule';

/** CKV_AWS_62: no policy grants full administrative privileges (Action "*" on Resource "*"). */
export const IamNoAdminPolicy = defineRule({
  id: 'CKV_AWS_62',
  title: 'IAM policy does not grant full "*:*" administrative privileges',
  severity: 'critical',
  area: 'identity',
  docs: 'No Allow statement has Action "*" (or "*:*") together with Resource "*": that is administrator access.',
  resourceTypes: PERMISSION_POLICY_TYPES,
  evaluate(element, context) {
    return checkAllowStatements(
      element,
      context,
      (s) =>
        s.actions.some((a) => a === '*' || a === '*:*') && s.resources.includes('*')
          ? 'allows Action "*" on Resource "*"'
          : undefined,
      'grant the named actions on the named resources instead',
    );
  },
});
