import { ValidationError, describeValue } from './validation';

/**
 * The AWS tagging rules common to every service icelog creates (see, e.g., the ECS API reference, "Tag"):
 * at most 50 user tags per resource; keys 1–128 and values 0–256 Unicode characters; letters, digits,
 * spaces and `_ . : / = + - @`; the `aws:` prefix (any case) is reserved for AWS, in keys and values.
 */
export const TAG_RULES = {
  maxTags: 50,
  maxKeyLength: 128,
  maxValueLength: 256,
} as const;

const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const RESERVED_PREFIX = /^aws:/i;

/**
 * Throws unless `tags` can be added to tags the stack already sets (`stackTags`) on every resource:
 * AWS's key/value rules, at most 50 tags in total, and no key the stack sets itself (a user tag must
 * never silently replace, or be replaced by, one of the stack's).
 *
 * @param field path of the tag map in messages, e.g. `tags`
 * @param stackTags the tags the stack sets, with what each is derived from, e.g.
 *   `{ environment: { value: 'prod', from: 'environment' } }`
 */
export function validateTags(
  field: string,
  tags: Readonly<Record<string, string>>,
  stackTags: Readonly<Record<string, { readonly value: string; readonly from: string }>> = {},
): void {
  for (const [key, value] of Object.entries(tags)) {
    const at = `${field}.${key}`;
    const own = stackTags[key];
    if (own !== undefined) {
      throw new ValidationError(
        at,
        value,
        `is a tag the stack sets itself (${describeValue(own.value)}, from ${own.from}); remove it from ${field}`,
      );
    }
    const keyLength = [...key].length;
    if (keyLength < 1 || keyLength > TAG_RULES.maxKeyLength) {
      throw new ValidationError(
        at,
        key,
        `key must be 1–${TAG_RULES.maxKeyLength} characters long (AWS tag key limit)`,
      );
    }
    if (RESERVED_PREFIX.test(key)) {
      throw new ValidationError(
        at,
        key,
        'key must not start with "aws:", a prefix AWS reserves for its own tags',
      );
    }
    if (!TAG_CHARACTERS.test(key)) {
      throw new ValidationError(
        at,
        key,
        'key may contain only letters, digits, spaces and _ . : / = + - @ (AWS tag characters)',
      );
    }
    if (typeof value !== 'string') {
      throw new ValidationError(at, value, 'must be a string (use "" for a tag without a value)');
    }
    if ([...value].length > TAG_RULES.maxValueLength) {
      throw new ValidationError(
        at,
        value,
        `must be at most ${TAG_RULES.maxValueLength} characters long (AWS tag value limit)`,
      );
    }
    if (RESERVED_PREFIX.test(value)) {
      throw new ValidationError(
        at,
        value,
        'must not start with "aws:", a prefix AWS reserves for its own tags',
      );
    }
    if (!TAG_CHARACTERS.test(value)) {
      throw new ValidationError(
        at,
        value,
        'may contain only letters, digits, spaces and _ . : / = + - @ (AWS tag characters)',
      );
    }
  }
  const total = Object.keys(tags).length + Object.keys(stackTags).length;
  if (total > TAG_RULES.maxTags) {
    throw new ValidationError(
      field,
      `${Object.keys(tags).length} tags`,
      `must hold at most ${TAG_RULES.maxTags - Object.keys(stackTags).length} tags: AWS allows ${TAG_RULES.maxTags} per resource and the stack sets ${Object.keys(stackTags).length} itself (${Object.keys(stackTags).join(', ')})`,
    );
  }
}
