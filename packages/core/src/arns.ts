import { AWS_PARTITIONS, partitionOf } from './regions';
import { ValidationError, isUnresolved } from './validation';

/** The fields of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  /** `''` for global resources (IAM, S3 buckets). */
  readonly region: string;
  /** `''` for resources without an account (S3 buckets). */
  readonly account: string;
  /** Everything after the fifth colon, e.g. `key/1234abcd-…`. */
  readonly resource: string;
}

const ARN = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

/** Splits a literal ARN into its fields; `undefined` when `arn` is not shaped like an ARN. */
export function parseArn(arn: string): ParsedArn | undefined {
  const match = typeof arn === 'string' ? ARN.exec(arn) : null;
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match;
  return { partition, service, region, account, resource };
}

/** What an ARN given as input must look like. */
export interface ArnRule {
  /** The services the ARN may belong to, e.g. `['kms']`, or `['acm', 'iam']` for a certificate. */
  readonly services: readonly string[];
  /** The resource part, e.g. `/^key\/[A-Za-z0-9-]+$/`. */
  readonly resource: RegExp;
  /** The expected form, quoted in the message, e.g. `a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>)`. */
  readonly description: string;
}

/** Where the ARN is used: the stack's literal region and, for regional resources, why it must match. */
export interface ArnContext {
  /** The literal region of the stack (its partition follows from {@link AWS_REGIONS}). */
  readonly region: string;
  /**
   * Why AWS requires the resource in the stack's region; `undefined` for services whose ARNs are global
   * (IAM), which are checked for the partition only.
   */
  readonly sameRegionReason?: string;
}

/**
 * Throws unless `arn` is a literal ARN of `rule` and — with `context` — in the stack's partition and,
 * for a regional service, in the stack's region. Unresolved tokens pass (they are checked by AWS at
 * apply time). Returns the parsed ARN.
 */
export function validateArn(
  field: string,
  arn: string,
  rule: ArnRule,
  context?: ArnContext,
): ParsedArn | undefined {
  if (isUnresolved(arn)) return undefined;
  const parsed = parseArn(arn);
  if (
    parsed === undefined ||
    AWS_PARTITIONS[parsed.partition] === undefined ||
    !rule.services.includes(parsed.service) ||
    !rule.resource.test(parsed.resource) ||
    parsed.account === ''
  ) {
    throw new ValidationError(field, arn, `must be ${rule.description}`);
  }
  if (context === undefined) return parsed;
  const partition = partitionOf(context.region)?.id;
  if (partition !== undefined && parsed.partition !== partition) {
    throw new ValidationError(
      field,
      arn,
      `must be in the stack's partition "${partition}" (region "${context.region}"), not "${parsed.partition}": resources cannot be used across partitions`,
    );
  }
  if (parsed.region !== '' && context.sameRegionReason !== undefined && parsed.region !== context.region) {
    throw new ValidationError(
      field,
      arn,
      `must be in the stack's region "${context.region}", not "${parsed.region}": ${context.sameRegionReason}`,
    );
  }
  return parsed;
}

/** A KMS key ARN; aliases are refused (see {@link validateKmsKeyArn}). */
export const KMS_KEY_ARN_RULE: ArnRule = {
  services: ['kms'],
  resource: /^key\/[A-Za-z0-9-]+$/,
  description:
    'a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN',
};

/**
 * Why a KMS key must be in the stack's region: KMS keys are regional, and S3 (SSE-KMS), Kinesis Data
 * Streams, Firehose and CloudWatch Logs encrypt with a key of their own region ("Multi-Region keys in
 * AWS KMS": a multi-Region key is used through its replica in the region, whose ARN names that region).
 */
export const KMS_SAME_REGION_REASON =
  'AWS KMS keys are regional and the services that encrypt with it (S3, Kinesis, Firehose, CloudWatch Logs) use a key of their own region; for a multi-Region key, give the ARN of its replica in this region';

/**
 * Throws unless `arn` is a KMS key ARN (`arn:<partition>:kms:<region>:<account>:key/<key-id>`) and, when
 * `stackRegion` is given, in that region and its partition. Aliases are refused on purpose: IAM
 * statements that grant use of a key (kms:Decrypt, kms:GenerateDataKey) only match its key ARN, so an
 * alias would silently grant nothing. Unresolved tokens pass.
 */
export function validateKmsKeyArn(field: string, arn: string, stackRegion?: string): void {
  validateArn(
    field,
    arn,
    KMS_KEY_ARN_RULE,
    stackRegion === undefined ? undefined : { region: stackRegion, sameRegionReason: KMS_SAME_REGION_REASON },
  );
}
