import { defineRule, compliant, nonCompliant } from '../../rule';
import { bucketPolicies } from '../../s3/bucket-companions';
import { PolicyStatementView, isWildcardPrincipal } from '../../iam/policy-document';
import { literalSkeleton, refersTo } from '../../references';
import { StackElement } from '../../stack';
import { opaquePolicyMessage } from '../../iam/policy-sources';

/** AwsSolutions-S10 (cdk-nag): the bucket policy denies requests without TLS. */
export const S3BucketSslRequestsOnly = defineRule({
  id: 'AwsSolutions-S10',
  title: 'S3 bucket policy denies requests without TLS',
  severity: 'high',
  area: 'storage',
  docs: 'The bucket policy has a Deny of s3:* for every principal on the bucket and its objects when aws:SecureTransport is false, so data never travels unencrypted.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate(bucket, { stack }) {
    const policies = bucketPolicies(stack, bucket);
    if (policies.some((p) => p.statements.some((s) => deniesInsecureTransport(s, bucket))))
      return compliant();
    const opaque = policies.flatMap((p) => p.opaque);
    if (opaque.length > 0) return nonCompliant(opaquePolicyMessage('the bucket policy', opaque));
    return nonCompliant(
      policies.length === 0
        ? 'no bucket policy refers to this bucket; add one that denies s3:* when aws:SecureTransport is false'
        : 'the bucket policy has no statement denying s3:* to "*" on the bucket and its objects when aws:SecureTransport is false',
    );
  },
});

function deniesInsecureTransport(s: PolicyStatementView, bucket: StackElement): boolean {
  if (s.effect !== 'Deny') return false;
  if (!s.principals.some(isWildcardPrincipal)) return false;
  if (!s.actions.some((a) => a === '*' || a.toLowerCase() === 's3:*')) return false;
  if (
    !s.conditions.some(
      (c) =>
        (c.test === 'Bool' || c.test === 'BoolIfExists') &&
        c.variable.toLowerCase() === 'aws:securetransport' &&
        c.values.includes('false'),
    )
  ) {
    return false;
  }
  if (s.resources.includes('*')) return true;
  const designates = (r: string): boolean => {
    if (refersTo(r, 'resource', 'aws_s3_bucket', bucket.name)) return true;
    const name = bucket.body.bucket;
    return typeof name === 'string' && new RegExp(`^arn:[^:]+:s3:::${escape(name)}(/|$)`).test(r);
  };
  const forBucket = s.resources.some((r) => designates(r) && !literalSkeleton(r).includes('/'));
  const forObjects = s.resources.some((r) => designates(r) && literalSkeleton(r).endsWith('/*'));
  return forBucket && forObjects;
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
