import { defineRule, compliant, nonCompliant } from '../../rule';
import { lifecycleRules } from '../../s3/bucket-companions';
import { numeric, show } from '../../hcl';

/** CKV_AWS_300: a lifecycle rule aborts incomplete multipart uploads for the whole bucket. */
export const S3BucketAbortIncompleteMultipartUpload = defineRule({
  id: 'CKV_AWS_300',
  title: 'S3 bucket aborts incomplete multipart uploads',
  severity: 'low',
  area: 'storage',
  docs: 'An enabled lifecycle rule without a prefix/tag filter has abort_incomplete_multipart_upload, so failed uploads do not accumulate unseen, billed parts.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, { stack }) {
    const rules = lifecycleRules(stack, bucket);
    const withAbort = rules.filter((r) => r.abortDays !== undefined);
    const good = withAbort.find((r) => {
      const days = numeric(r.abortDays);
      return r.enabled === true && r.wholeBucket && typeof days === 'number' && days >= 1;
    });
    if (good) return compliant(`rule ${show(good.id)} (${good.source}) after ${show(good.abortDays)} days`);
    if (withAbort.length === 0) {
      return nonCompliant(
        rules.length === 0
          ? 'no lifecycle configuration refers to this bucket; add a rule with abort_incomplete_multipart_upload'
          : 'no lifecycle rule has abort_incomplete_multipart_upload; add one that applies to the whole bucket',
      );
    }
    return nonCompliant(
      `the abort_incomplete_multipart_upload rules (${withAbort
        .map((r) => show(r.id ?? r.source))
        .join(', ')}) are disabled, limited by a filter, or have no literal days_after_initiation >= 1`,
    );
  },
});
