import { defineRule } from '../../rule';
import { PERMISSION_POLICY_TYPES } from '../../iam/policy-sources';
import { checkAllowStatements } from '../../iam/statement-rule';

/** CKV_AWS_63: no policy allows Action "*" (on any resource), nor Allow with NotAction. */
export const IamNoStarActions = defineRule({
  id: 'CKV_AWS_63',
  title: 'IAM policy does not allow "*" as an action',
  severity: 'high',
  area: 'identity',
  docs: 'No Allow statement has Action "*" or "*:*", or uses NotAction (which allows everything not listed), whatever its resources.',
  resourceTypes: PERMISSION_POLICY_TYPES,
  evaluate(element, context) {
    return checkAllowStatements(
      element,
      context,
      (s) => {
        if (s.actions.some((a) => a === '*' || a === '*:*')) return 'allows Action "*"';
        if (s.notActions.length > 0)
          return `allows everything except NotAction ${JSON.stringify(s.notActions)}`;
        return undefined;
      },
      'list the actions the principal needs',
    );
  },
});
