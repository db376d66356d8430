import { ValidationError, checkOneOf, checkPattern, isUnresolved } from './validation';

/**
 * AWS naming rules that more than one icelog package enforces. Keep every rule about what AWS accepts
 * as a name here, so that a rule changes in one place.
 */

/** Glue database/table and Athena names: lower-case letters, digits and underscores, 1–255 long. */
export const GLUE_NAME_PATTERN = /^[a-z0-9_]{1,255}$/;

/** Throws unless `name` is a valid Glue (and Athena) database, table or column name. */
export function validateGlueName(field: string, name: string): void {
  checkPattern(
    field,
    name,
    GLUE_NAME_PATTERN,
    'must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires)',
  );
}

/** Kinesis Data Firehose delivery stream names: 1–64 characters of `[a-zA-Z0-9_.-]`. */
export const DELIVERY_STREAM_NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,64}$/;

/** Throws unless `name` is a valid Firehose delivery stream name. */
export function validateDeliveryStreamName(field: string, name: string): void {
  checkPattern(field, name, DELIVERY_STREAM_NAME_PATTERN, 'must be 1–64 characters of [a-zA-Z0-9_.-]');
}

/** Kinesis Data Streams names: 1–128 characters of `[a-zA-Z0-9_.-]`. */
export function validateKinesisStreamName(field: string, name: string): void {
  checkPattern(field, name, /^[a-zA-Z0-9_.-]{1,128}$/, 'must be 1–128 characters of [a-zA-Z0-9_.-]');
}

const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * Throws unless `name` follows the S3 general purpose bucket naming rules: 3–63 characters of
 * `[a-z0-9.-]`, starting and ending with a letter or digit, no `..`, not shaped like an IP address,
 * and none of the reserved prefixes (`xn--`, `sthree-`, `amzn-s3-demo-`) or suffixes (`-s3alias`,
 * `--ol-s3`, `.mrap`, `--x-s3`, `--table-s3`).
 */
export function validateBucketName(field: string, name: string): void {
  if (isUnresolved(name)) return;
  const fail = (rule: string): never => {
    throw new ValidationError(field, name, `S3 bucket names ${rule}`);
  };
  if (typeof name !== 'string' || name.length < 3 || name.length > 63) fail('must be 3–63 characters long');
  if (!/^[a-z0-9.-]+$/.test(name)) fail('may contain only lower-case letters, digits, dots and hyphens');
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) fail('must start and end with a letter or digit');
  if (name.includes('..')) fail('must not contain two adjacent dots');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) fail('must not be formatted as an IP address');
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) fail(`must not start with the reserved prefix "${prefix}"`);
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) fail(`must not end with the reserved suffix "${suffix}"`);
}

/**
 * Throws unless `prefix` can start a Terraform-generated bucket name (`bucket_prefix`): the bucket
 * rules above for a prefix, at most 37 characters because Terraform appends 26.
 */
export function validateBucketPrefix(field: string, prefix: string): void {
  if (isUnresolved(prefix)) return;
  checkPattern(
    field,
    prefix,
    /^[a-z0-9][a-z0-9.-]{0,36}$/,
    'must be 1–37 characters of [a-z0-9.-] starting with a letter or digit (Terraform appends 26 characters)',
  );
  if (prefix.includes('..'))
    throw new ValidationError(field, prefix, 'S3 bucket names must not contain two adjacent dots');
  const reserved = RESERVED_BUCKET_PREFIXES.find((p) => prefix.startsWith(p));
  if (reserved)
    throw new ValidationError(
      field,
      prefix,
      `S3 bucket names must not start with the reserved prefix "${reserved}"`,
    );
}

/** The retention periods CloudWatch Logs accepts, in days. "Never expire" is deliberately absent. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Throws unless `days` is a retention period CloudWatch Logs accepts. */
export function validateLogRetention(field: string, days: number): void {
  checkOneOf(field, days, LOG_RETENTION_DAYS as readonly number[]);
}

/** A string that is usable as an S3 key prefix: non-empty, no leading `/`, ends with `/`. */
export function validateS3Prefix(field: string, prefix: string): void {
  checkPattern(
    field,
    prefix,
    /^(?!\/)[A-Za-z0-9!_.*'()\-/=!{}:]*\/$/,
    'must be a relative S3 key prefix ending in "/" (no leading "/"; letters, digits, Firehose !{…} expressions and !_.*\'()-/=:)',
  );
}
