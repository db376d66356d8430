import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { mustBeTrue } from '../../checks';
import { show } from '../../hcl';

/** CKV_AWS_7: symmetric KMS keys rotate. */
export const KmsKeyRotation = defineRule({
  id: 'CKV_AWS_7',
  title: 'KMS key has automatic rotation enabled',
  severity: 'medium',
  area: 'kms',
  docs: 'enable_key_rotation = true on symmetric encryption keys (asymmetric and HMAC keys cannot rotate and are not applicable), limiting what one leaked key version exposes.',
  resourceTypes: ['aws_kms_key'],
  evaluate(key) {
    const spec = key.body.customer_master_key_spec;
    const usage = key.body.key_usage;
    if (
      (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') ||
      (usage !== undefined && usage !== 'ENCRYPT_DECRYPT')
    ) {
      return notApplicable(`key spec ${show(spec)}, usage ${show(usage)} cannot rotate automatically`);
    }
    const problem = mustBeTrue('enable_key_rotation', key.body.enable_key_rotation);
    return problem === undefined ? compliant() : nonCompliant(problem);
  },
});
