import { Body, blocks, block, text } from '../hcl';
import { PolicyView, readPolicy } from '../iam/policy-document';
import { StackElement, StackModel } from '../stack';

/**
 * Lookups of an `aws_s3_bucket`'s companion resources: since provider v4 encryption, versioning,
 * lifecycle, policy, ownership and public access block are separate resources whose `bucket`
 * refers to the bucket (`${aws_s3_bucket.B.id}` or `.bucket`, or the literal bucket name).
 * The deprecated inline arguments of `aws_s3_bucket` are read too.
 */
export function companions(stack: StackModel, bucket: StackElement, type: string): StackElement[] {
  return stack.referrers(bucket, type, 'bucket', ['bucket']);
}

/** One `apply_server_side_encryption_by_default` setting that applies to the bucket. */
export interface EncryptionDefault {
  readonly sseAlgorithm: unknown;
  readonly kmsMasterKeyId: unknown;
  /** Address of the resource that sets it. */
  readonly source: string;
}

/** The default-encryption settings of a bucket, from companions and the inline argument. */
export function encryptionDefaults(stack: StackModel, bucket: StackElement): EncryptionDefault[] {
  const fromRules = (rules: unknown, source: string): EncryptionDefault[] =>
    blocks(rules).flatMap((rule) =>
      blocks(rule.apply_server_side_encryption_by_default).map((d) => ({
        sseAlgorithm: d.sse_algorithm,
        kmsMasterKeyId: d.kms_master_key_id,
        source,
      })),
    );
  return [
    ...companions(stack, bucket, 'aws_s3_bucket_server_side_encryption_configuration').flatMap((c) =>
      fromRules(c.body.rule, c.address),
    ),
    ...blocks(bucket.body.server_side_encryption_configuration).flatMap((c) =>
      fromRules(c.rule, bucket.address),
    ),
  ];
}

/** The bucket policies that apply to a bucket (`aws_s3_bucket_policy` companions and the inline `policy`). */
export function bucketPolicies(stack: StackModel, bucket: StackElement): PolicyView[] {
  const values = [
    ...companions(stack, bucket, 'aws_s3_bucket_policy').map((p) => p.body.policy),
    bucket.body.policy,
  ];
  return values.map((v) => readPolicy(stack, v)).filter((p): p is PolicyView => p !== undefined);
}

/** A lifecycle rule in one shape, from `aws_s3_bucket_lifecycle_configuration` or inline `lifecycle_rule`. */
export interface LifecycleRuleView {
  readonly id?: string;
  readonly enabled: boolean | 'unresolved';
  /** True when the rule has no prefix, tag or size filter, so it covers every object. */
  readonly wholeBucket: boolean;
  readonly abortDays: unknown;
  readonly source: string;
}

/** The lifecycle rules of a bucket. */
export function lifecycleRules(stack: StackModel, bucket: StackElement): LifecycleRuleView[] {
  const fromConfiguration = companions(stack, bucket, 'aws_s3_bucket_lifecycle_configuration').flatMap((c) =>
    blocks(c.body.rule).map((rule): LifecycleRuleView => {
      const status = rule.status;
      return {
        ...(text(rule.id) ? { id: text(rule.id) } : {}),
        enabled:
          status === 'Enabled'
            ? true
            : typeof status === 'string' && status.includes('${')
              ? 'unresolved'
              : false,
        wholeBucket: isWholeBucketFilter(rule),
        abortDays: block(rule.abort_incomplete_multipart_upload)?.days_after_initiation,
        source: c.address,
      };
    }),
  );
  const inline = blocks(bucket.body.lifecycle_rule).map((rule): LifecycleRuleView => ({
    ...(text(rule.id) ? { id: text(rule.id) } : {}),
    enabled: rule.enabled === true || rule.enabled === 'true',
    wholeBucket: (rule.prefix === undefined || rule.prefix === '') && rule.tags === undefined,
    abortDays: rule.abort_incomplete_multipart_upload_days,
    source: bucket.address,
  }));
  return [...fromConfiguration, ...inline];
}

function isWholeBucketFilter(rule: Body): boolean {
  if (rule.prefix !== undefined && rule.prefix !== '') return false;
  const filters = blocks(rule.filter);
  if (filters.length === 0) return rule.filter === undefined || Array.isArray(rule.filter);
  return filters.every((f) =>
    Object.entries(f).every(([key, value]) =>
      key === 'prefix' ? value === '' : value === undefined || value === null,
    ),
  );
}
