import { mustBeTrue } from '../checks';
import { GuardrailRule, compliant, defineRule, nonCompliant } from '../rule';

/** Builds one of the four public-access-block flag rules (CKV_AWS_53–56); one per flag. */
export function publicAccessFlagRule(
  id: string,
  attribute: string,
  title: string,
  why: string,
): GuardrailRule {
  return defineRule({
    id,
    title,
    severity: 'high',
    area: 'storage',
    docs: `${attribute} = true on every S3 public access block: ${why}`,
    resourceTypes: ['aws_s3_bucket_public_access_block', 'aws_s3_account_public_access_block'],
    evaluate(block) {
      const problem = mustBeTrue(attribute, block.body[attribute]);
      return problem === undefined ? compliant() : nonCompliant(problem);
    },
  });
}
