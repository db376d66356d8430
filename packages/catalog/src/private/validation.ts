import { ValidationError, isUnresolved, validateS3Prefix } from '@icelog/core';

/**
 * Validation rules shared by several catalog constructs. Not exported from the package: each rule
 * reaches users through the construct prop it guards.
 */

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * Throws unless `arn` is a KMS key ARN. Aliases are refused on purpose: IAM statements that grant use
 * of the key (kms:Decrypt, kms:GenerateDataKey) only match the key ARN, so an alias would silently
 * grant nothing.
 */
export function validateKmsKeyArn(field: string, arn: string): void {
  if (isUnresolved(arn)) return;
  if (typeof arn !== 'string' || !KMS_KEY_ARN.test(arn)) {
    throw new ValidationError(
      field,
      arn,
      'must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); aliases are not accepted because IAM grants on the key need its key ARN',
    );
  }
}

/**
 * Throws unless `prefix` is a literal S3 key prefix: relative, ending in `/`, and free of Firehose
 * `!{…}` expressions, because lifecycle rules and IAM resources match it character for character.
 */
export function validateLiteralPrefix(field: string, prefix: string): void {
  validateS3Prefix(field, prefix);
  if (!isUnresolved(prefix) && prefix.includes('!{')) {
    throw new ValidationError(
      field,
      prefix,
      'must be a literal prefix without Firehose !{…} expressions (lifecycle rules and IAM policies match it literally)',
    );
  }
}

/** Largest value of the Glue API's 32-bit integer fields. */
export const MAX_INT32 = 2147483647;

/** Throws when `text` is longer than `max` characters. Unresolved tokens pass. */
export function checkMaxLength(field: string, text: string, max: number): void {
  if (isUnresolved(text)) return;
  if (typeof text !== 'string' || text.length > max) {
    throw new ValidationError(field, text, `must be at most ${max} characters long`);
  }
}
