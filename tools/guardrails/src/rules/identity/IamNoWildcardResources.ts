import { defineRule } from '../../rule';
import { PERMISSION_POLICY_TYPES } from '../../iam/policy-sources';
import { checkAllowStatements } from '../../iam/statement-rule';
import { isUnscopableAction } from '../../iam/unscopable-actions';

/** CKV_AWS_355: Resource "*" only for actions that cannot be scoped to a resource. */
export const IamNoWildcardResources = defineRule({
  id: 'CKV_AWS_355',
  title: 'IAM policy does not use Resource "*" for actions that can be scoped',
  severity: 'high',
  area: 'identity',
  docs: 'An Allow statement with Resource "*" holds only actions without resource-level permissions (UNSCOPABLE_ACTIONS, e.g. lakeformation:GetDataAccess, ecr:GetAuthorizationToken); every other action names its ARNs.',
  resourceTypes: PERMISSION_POLICY_TYPES,
  evaluate(element, context) {
    return checkAllowStatements(
      element,
      context,
      (s) => {
        if (!s.resources.includes('*')) return undefined;
        const scopable = s.actions.filter((a) => !isUnscopableAction(a));
        if (scopable.length === 0 && s.notActions.length === 0) return undefined;
        return `grants ${scopable.length > 0 ? scopable.join(', ') : 'NotAction'} on Resource "*"`;
      },
      'name the resource ARNs (Resource "*" is only for actions in UNSCOPABLE_ACTIONS)',
    );
  },
});
