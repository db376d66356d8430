import { defineRule, compliant, nonCompliant } from '../../rule';
import { nested, show } from '../../hcl';

const OPTIONS = ['SSE_S3', 'SSE_KMS', 'CSE_KMS'];

/** CKV_AWS_159: query results are encrypted. */
export const AthenaWorkgroupEncryptedResults = defineRule({
  id: 'CKV_AWS_159',
  title: 'Athena workgroup encrypts query results',
  severity: 'medium',
  area: 'athena',
  docs: 'configuration.result_configuration.encryption_configuration.encryption_option is SSE_S3, SSE_KMS or CSE_KMS, so query results at rest are encrypted.',
  resourceTypes: ['aws_athena_workgroup'],
  evaluate(workgroup) {
    const encryption = nested(
      workgroup.body,
      'configuration',
      'result_configuration',
      'encryption_configuration',
    );
    const option = encryption?.encryption_option;
    if (typeof option === 'string' && OPTIONS.includes(option)) return compliant(option);
    return nonCompliant(
      `configuration.result_configuration.encryption_configuration.encryption_option is ${show(option)}; set one of ${OPTIONS.join(', ')}`,
    );
  },
});
