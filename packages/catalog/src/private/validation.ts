import { validateKmsKeyArn, ValidationError, isUnresolved, validateS3Prefix } from '@icelog/core';

export { validateKmsKeyArn };

/**
 * Validation rules shared by several catalog constructs. Not exported from the package: each rule
 * reaches users through the construct prop it guards.
 */

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
