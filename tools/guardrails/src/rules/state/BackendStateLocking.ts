import { defineRule, compliant, nonCompliant } from '../../rule';
import { flag } from '../../hcl';
import { isSet } from '../../checks';

/** CKV_TF_3: the S3 backend locks the state with an S3 lock file. */
export const BackendStateLocking = defineRule({
  id: 'CKV_TF_3',
  title: 'S3 state backend locks the state (use_lockfile = true)',
  severity: 'high',
  area: 'state',
  docs: 'use_lockfile = true on the S3 backend (S3-native locking, Terraform >= 1.10), so two applies cannot corrupt the state; DynamoDB locking is deprecated.',
  resourceTypes: ['terraform.backend.s3'],
  evaluate(backend) {
    if (flag(backend.body.use_lockfile) === true) return compliant();
    if (isSet(backend.body.dynamodb_table)) {
      return nonCompliant(
        'the backend locks with dynamodb_table, which Terraform 1.11 deprecates; set use_lockfile = true',
      );
    }
    return nonCompliant(
      'use_lockfile is not true; set use_lockfile = true (setUnmodelledAttribute if S3Backend lacks it)',
    );
  },
});
