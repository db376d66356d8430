import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  ValidationError,
  checkIntegerInRange,
  isUnresolved,
  validateDeliveryStreamName,
  validateGlueName,
  validateLogRetention,
  validateRegion as validateKnownRegion,
} from '@icelog/core';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ResolvedBufferingHints, resolveBufferingHints } from './buffering';
import { deriveWarehouse, validateRouting, validateUniqueKeys } from './contract';
import { DEFAULT_ERROR_OUTPUT_PREFIX, IcebergDeliveryStreamProps } from './delivery-stream-props';
import { validateDestinationTables, validateErrorOutputPrefix } from './destination-table';
import { DirectPutQuota, RETRY_DURATION_SECONDS, icebergUnsupportedRegion } from './limits';
import {
  DeliveryStreamEncryption,
  DeliveryStreamSource,
  validateEncryption,
  validateKmsKeyArn,
  validateSource,
} from './source';

/** The props after validation, with their defaults. */
export interface ValidatedSettings {
  readonly errorOutputPrefix: string;
  readonly buffering: ResolvedBufferingHints;
  readonly retryDurationSeconds: number;
  readonly warehouseKmsKeyArn?: string;
  readonly encryption?: DeliveryStreamEncryption;
}

/** Every check of the props, before any resource exists. */
export function validateProps(
  scope: Construct,
  id: string,
  props: IcebergDeliveryStreamProps,
  source: DeliveryStreamSource,
): ValidatedSettings {
  validateDeliveryStreamName(`${id}.deliveryStreamName`, props.deliveryStreamName);
  validateRegion(scope, `${id}.region`, props.region);
  validateGlueName(`${id}.database.databaseName`, props.database.databaseName);
  validateDestinationTables(`${id}.tables`, props.database, props.tables);
  validateRouting(id, props);
  validateUniqueKeys(id, props);

  const derived = deriveWarehouse(id, props);
  const warehouseKmsKeyArn = derived.kmsKeyArn;
  const errorOutputPrefix = derived.errorOutputPrefix ?? DEFAULT_ERROR_OUTPUT_PREFIX;
  validateErrorOutputPrefix(`${id}.errorOutputPrefix`, errorOutputPrefix);

  const buffering = resolveBufferingHints(`${id}.buffering`, props.buffering);
  const retryDurationSeconds = props.retryDurationSeconds ?? RETRY_DURATION_SECONDS.default;
  checkIntegerInRange(
    `${id}.retryDurationSeconds`,
    retryDurationSeconds,
    RETRY_DURATION_SECONDS.min,
    RETRY_DURATION_SECONDS.max,
    'seconds',
  );
  if (props.logRetentionDays !== undefined)
    validateLogRetention(`${id}.logRetentionDays`, props.logRetentionDays);
  if (props.logGroupKmsKeyArn !== undefined)
    validateKmsKeyArn(`${id}.logGroupKmsKeyArn`, props.logGroupKmsKeyArn, props.region);

  validateSource(`${id}.source`, source, props.region);
  let encryption: DeliveryStreamEncryption | undefined;
  if (source.kind === 'direct-put') {
    encryption = props.encryption ?? { keyType: 'AWS_OWNED_CMK' };
    validateEncryption(`${id}.encryption`, encryption, props.region);
  } else if (props.encryption !== undefined) {
    throw new ValidationError(
      `${id}.encryption`,
      props.encryption,
      'must not be set with a Kinesis source: Firehose cannot apply server-side encryption to a stream that reads from Kinesis; encrypt the Kinesis stream instead (source.encryptionKeyArn)',
    );
  }
  if (props.directPutQuota !== undefined)
    validateDirectPutQuota(`${id}.directPutQuota`, props.directPutQuota, source);

  return { errorOutputPrefix, buffering, retryDurationSeconds, warehouseKmsKeyArn, encryption };
}

function validateRegion(scope: Construct, field: string, region: string): void {
  if (isUnresolved(region)) {
    throw new ValidationError(
      field,
      region,
      'must be a literal region name such as "eu-west-1", not a token (the quota and region checks run at synth time)',
    );
  }
  validateKnownRegion(field, region);
  const unsupported = icebergUnsupportedRegion(region);
  if (unsupported !== undefined) {
    throw new ValidationError(
      field,
      region,
      `must be a region where Firehose offers the Apache Iceberg destination, which ${unsupported} lacks`,
    );
  }
  const providerRegion = defaultProviderRegion(scope);
  if (providerRegion !== undefined && providerRegion !== region) {
    throw new ValidationError(
      field,
      region,
      `must equal the region of the stack's AWS provider ("${providerRegion}"), where the stream is created`,
    );
  }
}

/** The literal region of the stack's default (un-aliased) AWS provider, if there is one. */
function defaultProviderRegion(scope: Construct): string | undefined {
  const providers = TerraformStack.of(scope)
    .node.findAll()
    .filter((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
  const region = providers[0]?.region;
  return region === undefined || isUnresolved(region) ? undefined : region;
}

function validateDirectPutQuota(field: string, quota: DirectPutQuota, source: DeliveryStreamSource): void {
  if (source.kind !== 'direct-put') {
    throw new ValidationError(
      field,
      quota,
      'must not be set with a Kinesis source (only Direct PUT streams have this quota)',
    );
  }
  for (const key of ['bytesPerSecond', 'recordsPerSecond', 'requestsPerSecond'] as const) {
    const value = quota[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new ValidationError(`${field}.${key}`, value, 'must be a finite number > 0');
    }
  }
}
