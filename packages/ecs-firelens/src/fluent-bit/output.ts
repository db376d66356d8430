import {
  ValidationError,
  checkIntegerInRange,
  checkPattern,
  isUnresolved,
  validateDeliveryStreamName,
  validateKinesisStreamName,
  validateRegion as validateKnownRegion,
} from '@icelog/core';
import { renderSection } from './parser';

/** Fields common to the Fluent Bit outputs icelog generates. */
interface OutputBase {
  /** AWS region of the stream (may be a token). */
  readonly region: string;
  /**
   * How often Fluent Bit retries a failed flush before it drops the chunk (`Retry_Limit`), or
   * `'no_limits'` to retry (with backoff) until it is sent: a throttle burst or a stream being
   * replaced then delays records instead of dropping them.
   * @default 'no_limits'
   */
  readonly retryLimit?: number | 'no_limits';
}

/** The `kinesis_firehose` output (Fluent Bit's C plugin): Direct PUT into a delivery stream. */
export interface FirehoseOutput extends OutputBase {
  /** The plugin name. */
  readonly kind: 'kinesis_firehose';
  /** Delivery stream name (may be a token). */
  readonly deliveryStream: string;
}

/** The `kinesis_streams` output (Fluent Bit's C plugin): PutRecords into a Kinesis data stream. */
export interface KinesisStreamsOutput extends OutputBase {
  /** The plugin name. */
  readonly kind: 'kinesis_streams';
  /** Kinesis data stream name (may be a token). */
  readonly stream: string;
}

/** A Fluent Bit output icelog can generate. */
export type FluentBitOutput = FirehoseOutput | KinesisStreamsOutput;

/** Throws unless `region` is a known AWS region (core's `AWS_REGIONS`); tokens pass. */
export function validateRegion(field: string, region: string): void {
  if (isUnresolved(region)) return;
  validateKnownRegion(field, region);
}

/** Throws unless the output's values are valid (unresolved tokens are skipped). */
export function validateOutput(field: string, output: FluentBitOutput): void {
  if (output.kind === 'kinesis_firehose') {
    validateDeliveryStreamName(`${field}.deliveryStream`, output.deliveryStream);
  } else if (output.kind === 'kinesis_streams') {
    validateKinesisStreamName(`${field}.stream`, output.stream);
  } else {
    const kind = (output as { kind: unknown }).kind;
    throw new ValidationError(`${field}.kind`, kind, 'must be "kinesis_firehose" or "kinesis_streams"');
  }
  validateRegion(`${field}.region`, output.region);
  if (output.retryLimit !== undefined && output.retryLimit !== 'no_limits') {
    checkIntegerInRange(`${field}.retryLimit`, output.retryLimit, 1, 100, 'retries');
  }
}

/**
 * The output as FireLens `logConfiguration.options` of the app container (`logDriver: awsfirelens`).
 * FireLens turns these options into the `[OUTPUT]` section it generates, with
 * `Match <container name>-firelens*`. Values may be Terraform tokens: Terraform resolves them in the task
 * definition.
 */
export function fireLensOutputOptions(output: FluentBitOutput, field = 'output'): Record<string, string> {
  validateOutput(field, output);
  return Object.fromEntries(outputEntries(output));
}

/**
 * Renders the output as an `[OUTPUT]` section, for a Fluent Bit that is not configured by FireLens.
 * Values must be resolved (no tokens): a generated file is uploaded as it is.
 */
export function renderOutputSection(output: FluentBitOutput, match: string, field = 'output'): string {
  validateOutput(field, output);
  checkPattern(
    `${field}.match`,
    match,
    /^[A-Za-z0-9_.*-]{1,255}$/,
    'must be a tag pattern of [A-Za-z0-9_.*-]',
  );
  const entries = outputEntries(output);
  for (const [key, value] of entries) {
    if (isUnresolved(value)) {
      throw new ValidationError(
        `${field}.${key}`,
        value,
        'must be a literal value in a generated file (use fireLensOutputOptions for Terraform tokens)',
      );
    }
  }
  const [name, ...rest] = entries;
  return renderSection('OUTPUT', [name, ['Match', match], ...rest]);
}

function outputEntries(output: FluentBitOutput): [string, string][] {
  const target: [string, string] =
    output.kind === 'kinesis_firehose'
      ? ['delivery_stream', output.deliveryStream]
      : ['stream', output.stream];
  return [
    ['Name', output.kind],
    ['region', output.region],
    target,
    ['retry_limit', String(output.retryLimit ?? 'no_limits')],
  ];
}
