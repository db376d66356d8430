/**
 * The error every icelog construct throws for bad input, at construction time, before anything is
 * written. The message always names the field, the value received and the rule it broke, so that the
 * user can fix the right line of configuration without reading our code.
 */
export class ValidationError extends Error {
  /**
   * @param field dotted path of the offending input, e.g. `delivery.bufferingInterval`
   * @param value the value that was received
   * @param rule what a valid value looks like, e.g. `must be an integer from 0 to 900 (seconds)`
   */
  constructor(
    public readonly field: string,
    public readonly value: unknown,
    public readonly rule: string,
  ) {
    super(`Invalid ${field}: ${rule}. Received: ${describeValue(value)}`);
    this.name = 'ValidationError';
  }
}

/** Renders a received value for an error message: strings quoted, objects as JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * True when a value is (or contains) an unresolved Terraform token, i.e. it is only known at apply
 * time. Validators skip such values: they cannot be checked at synth time.
 *
 * Plain strings without a token marker and ordinary numbers are answered without loading cdktf, so
 * that tools which only validate names (the smoke checker) start fast; anything else is decided by
 * cdktf's own `Token.isUnresolved`.
 */
export function isUnresolved(value: unknown): boolean {
  if (value === undefined || value === null || typeof value === 'boolean') return false;
  if (typeof value === 'string' && !value.includes('TfToken[')) return false;
  // cdktf encodes number tokens as doubles of magnitude ~1e298; no real setting comes near.
  if (typeof value === 'number' && !(Math.abs(value) > 1e290)) return false;
  return cdktfToken().isUnresolved(value);
}

function cdktfToken(): typeof import('cdktf').Token {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('cdktf') as typeof import('cdktf')).Token;
}

/** Throws unless `value` fully matches `pattern`. Unresolved tokens pass. */
export function checkPattern(field: string, value: string, pattern: RegExp, rule: string): void {
  if (isUnresolved(value)) return;
  if (typeof value !== 'string' || !pattern.test(value)) throw new ValidationError(field, value, rule);
}

/**
 * Throws unless `value` is an integer within `[min, max]`. Unresolved tokens pass.
 * @param unit appended to the rule text, e.g. `seconds`
 */
export function checkIntegerInRange(
  field: string,
  value: number,
  min: number,
  max: number,
  unit?: string,
): void {
  if (isUnresolved(value)) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const suffix = unit ? ` (${unit})` : '';
    throw new ValidationError(field, value, `must be an integer from ${min} to ${max}${suffix}`);
  }
}

/** Throws unless `value` is one of `allowed`. Unresolved tokens pass. */
export function checkOneOf<T extends string | number>(field: string, value: T, allowed: readonly T[]): void {
  if (isUnresolved(value)) return;
  if (!allowed.includes(value)) {
    throw new ValidationError(
      field,
      value,
      `must be one of ${allowed.map((a) => describeValue(a)).join(', ')}`,
    );
  }
}

/** Throws when a list holds the same value twice, naming the first duplicate. */
export function checkUnique<T>(
  field: string,
  values: readonly T[],
  key: (value: T) => string = String,
): void {
  const seen = new Set<string>();
  for (const value of values) {
    const k = key(value);
    if (isUnresolved(k)) continue;
    if (seen.has(k))
      throw new ValidationError(
        field,
        values,
        `must not contain duplicates (${describeValue(k)} appears twice)`,
      );
    seen.add(k);
  }
}

/** Throws when a list is empty. */
export function checkNonEmpty<T>(field: string, values: readonly T[]): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new ValidationError(field, values, 'must contain at least one entry');
  }
}

/**
 * One translation of a field path, e.g. from a construct prop (`Delivery.encryption.keyArn`) to the
 * configuration key a user edits (`delivery.source.kmsKeyArn`). `from` matches the field itself and
 * every path below it (`from.x`, `from[0]`), which keeps its suffix.
 */
export interface FieldMapping {
  /** Field path as the construct reports it. */
  readonly from: string;
  /** Field path to report instead. */
  readonly to: string;
  /**
   * Rewrites the rule, e.g. advice written in the construct's syntax into the configuration's.
   * @default - the rule unchanged
   */
  readonly rule?: (rule: string, error: ValidationError) => string;
}

/**
 * Runs `build` and re-throws any {@link ValidationError} it throws with its field (and optionally its
 * rule) translated by the first matching mapping, so that a check written once in a construct reports
 * the configuration path its caller exposes. Unmatched errors and other errors pass unchanged.
 */
export function withFieldMappings<T>(mappings: readonly FieldMapping[], build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw remapValidationError(mappings, error);
  }
}

/** The error with its field translated by the first matching mapping (see {@link withFieldMappings}). */
export function remapValidationError(
  mappings: readonly FieldMapping[],
  error: ValidationError,
): ValidationError {
  for (const mapping of mappings) {
    const { from } = mapping;
    const field = error.field;
    if (field !== from && !field.startsWith(`${from}.`) && !field.startsWith(`${from}[`)) continue;
    const rule = mapping.rule ? mapping.rule(error.rule, error) : error.rule;
    const mapped = new ValidationError(`${mapping.to}${field.slice(from.length)}`, error.value, rule);
    (mapped as { cause?: unknown }).cause = error;
    return mapped;
  }
  return error;
}
