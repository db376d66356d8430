import { Annotations, Fn, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  BucketEncryption,
  BucketRef,
  GlueDatabaseRef,
  IGrantee,
  RetainedLogGroup,
  Role,
  ValidationError,
  checkIntegerInRange,
  isUnresolved,
  validateDeliveryStreamName,
  validateGlueName,
  validateLogRetention,
} from '@icelog/core';
import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import {
  KinesisFirehoseDeliveryStream,
  KinesisFirehoseDeliveryStreamIcebergConfigurationProcessingConfiguration,
} from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { KinesisStream } from '@cdktf/provider-aws/lib/kinesis-stream';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BufferingHints, ResolvedBufferingHints, resolveBufferingHints } from './buffering';
import { ExpectedIngest, assessIngestCapacity } from './capacity';
import { createDeliveryRole } from './delivery-role';
import { IIcebergDeliveryStream, ProducerTarget } from './delivery-stream-ref';
import {
  IcebergDestinationTable,
  destinationTableConfigurations,
  validateDestinationTables,
  validateErrorOutputPrefix,
} from './destination-table';
import {
  DirectPutQuota,
  KINESIS_RETENTION_HOURS,
  REGION_PATTERN,
  RETRY_DURATION_SECONDS,
  icebergUnsupportedRegion,
} from './limits';
import { grantProducer, producerStreamName } from './producer-grants';
import {
  AWS_MANAGED_KINESIS_KEY,
  DeliveryStreamEncryption,
  DeliveryStreamSource,
  parseKinesisStreamArn,
  validateEncryption,
  validateKmsKeyArn,
  validateSource,
} from './source';

/**
 * The bucket that holds the Iceberg warehouse and the error output. A core `SecureBucket` fits as is; its
 * `encryption` tells the construct which KMS key (if any) the role must be allowed to use.
 */
export interface IcebergWarehouseBucket extends BucketRef {
  /**
   * How the bucket encrypts objects.
   * @default - unknown: treated as SSE-S3 unless `warehouseKmsKeyArn` is set
   */
  readonly encryption?: BucketEncryption;
}

/** Props of {@link IcebergDeliveryStream}. */
export interface IcebergDeliveryStreamProps {
  /** Delivery stream name, 1–64 characters of `[a-zA-Z0-9_.-]`; unique per account and region. */
  readonly deliveryStreamName: string;
  /**
   * The stack's region as a literal, e.g. `eu-west-1`. It must equal the AWS provider's region; the
   * construct needs it at synth time for the Direct PUT quota and to reject regions without the Iceberg
   * destination (China, AWS GovCloud (US), Asia Pacific (Malaysia)).
   */
  readonly region: string;
  /** The Glue database of the tables; its `catalogArn` becomes the destination's catalog. */
  readonly database: GlueDatabaseRef;
  /**
   * The Iceberg tables the stream may write to: the tables the routing can produce. The role is scoped
   * to exactly these table ARNs.
   */
  readonly tables: readonly IcebergDestinationTable[];
  /** Bucket of the warehouse; failed records are written to it under `errorOutputPrefix`. */
  readonly warehouse: IcebergWarehouseBucket;
  /**
   * KMS key of the warehouse bucket: the role may use it through S3 only, and error output objects are
   * encrypted with it.
   * @default - `warehouse.encryption.kmsKeyArn` when the warehouse reports KMS encryption; otherwise none (SSE-S3)
   */
  readonly warehouseKmsKeyArn?: string;
  /**
   * Key prefix of failed records in the warehouse bucket: a relative prefix ending in `/`. Records that
   * cannot be delivered within `retryDurationSeconds` land under `<errorOutputPrefix>iceberg-failed/`.
   * If it uses `!{…}` expressions it must include `!{firehose:error-output-type}`.
   * @default 'errors/'
   */
  readonly errorOutputPrefix?: string;
  /**
   * Record processing, e.g. the routing package's MetadataExtraction processor (JQ 1.6) that picks a table
   * and operation for each record.
   * @default - none: Firehose has no routing metadata; only a single destination table can then be written
   */
  readonly processingConfiguration?: KinesisFirehoseDeliveryStreamIcebergConfigurationProcessingConfiguration;
  /**
   * When Firehose flushes to the tables (lag vs. file count). Use a {@link BufferingHints} preset:
   * `LOW_LATENCY` (60 s / 1 MiB) for development, `LARGE_FILES` (900 s / 128 MiB) for production.
   * @default BufferingHints.AWS_DEFAULT (300 s / 5 MiB)
   */
  readonly buffering?: BufferingHints;
  /**
   * How long Firehose retries a failed delivery before writing the records to the error prefix, 0–7200 s.
   * @default 300
   */
  readonly retryDurationSeconds?: number;
  /**
   * Retention of the `/aws/kinesisfirehose/<name>` log group that receives delivery errors; one of
   * CloudWatch's allowed values.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * KMS key ARN that encrypts the error log group (its key policy must allow CloudWatch Logs).
   * @default - CloudWatch Logs' default encryption
   */
  readonly logGroupKmsKeyArn?: string;
  /**
   * Where records come from: Direct PUT, a Kinesis data stream that the construct creates, or an existing
   * Kinesis data stream.
   * @default { kind: 'direct-put' }
   */
  readonly source?: DeliveryStreamSource;
  /**
   * Server-side encryption of a Direct PUT stream. Must not be set with a Kinesis source (encrypt the
   * Kinesis stream instead).
   * @default - { keyType: 'AWS_OWNED_CMK' } for Direct PUT; none for a Kinesis source
   */
  readonly encryption?: DeliveryStreamEncryption;
  /**
   * Peak ingest, checked at synth time against the source's capacity: the region's Direct PUT quota, or
   * a provisioned Kinesis source's shards. Above the limit synthesis fails with sizing advice; at 80 % a
   * warning is added.
   * @default - not checked
   */
  readonly expectedIngest?: ExpectedIngest;
  /**
   * This stream's Direct PUT quota when AWS has raised it on request (Firehose limits form).
   * @default - the region's default quota (see limits.ts)
   */
  readonly directPutQuota?: DirectPutQuota;
}

/** Default error output prefix in the warehouse bucket. */
export const DEFAULT_ERROR_OUTPUT_PREFIX = 'errors/';

/** Names of the CloudWatch log streams that receive delivery errors. */
export const DELIVERY_LOG_STREAMS = {
  destination: 'DestinationDelivery',
  backup: 'BackupDelivery',
} as const;

/**
 * A Kinesis Data Firehose delivery stream with the Apache Iceberg destination: records land in Iceberg
 * tables of the Glue Data Catalog, failed records in the warehouse bucket under the error prefix, delivery
 * errors in a CloudWatch log group with retention. Its role is scoped to exact ARNs.
 */
export class IcebergDeliveryStream extends Construct implements IIcebergDeliveryStream {
  /**
   * A delivery stream created elsewhere, so producers can be granted access to it. The name is derived
   * from the ARN (`arn:<partition>:firehose:<region>:<account>:deliverystream/<name>`); for an ARN known
   * only at apply time, with Terraform's `element(split("/", arn), 1)`.
   *
   * @param deliveryStreamArn ARN of the existing delivery stream
   * @param producerTarget where its producers write; omit for Direct PUT to the stream itself, pass the
   *   source stream (`{ kind: 'kinesis', … }`) when the imported stream reads from Kinesis
   */
  static fromDeliveryStreamArn(
    scope: Construct,
    id: string,
    deliveryStreamArn: string,
    producerTarget?: ProducerTarget,
  ): IIcebergDeliveryStream {
    return new ImportedIcebergDeliveryStream(scope, id, deliveryStreamArn, producerTarget);
  }

  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  readonly producerTarget: ProducerTarget;
  /** The region the stream was validated for. */
  readonly region: string;
  /** Error output prefix in the warehouse bucket. */
  readonly errorOutputPrefix: string;
  /** The buffering hints in effect. */
  readonly buffering: ResolvedBufferingHints;
  /** The role Firehose assumes. */
  readonly role: Role;
  /** The log group that receives delivery errors. */
  readonly logGroup: RetainedLogGroup;
  /** The Kinesis data stream the construct created as the source, if any. */
  readonly sourceStream?: KinesisStream;
  /** The underlying `aws_kinesis_firehose_delivery_stream`. */
  readonly resource: KinesisFirehoseDeliveryStream;
  private readonly producerStreamLiteralName?: string;

  constructor(scope: Construct, id: string, props: IcebergDeliveryStreamProps) {
    super(scope, id);
    const source = props.source ?? { kind: 'direct-put' };
    const settings = validateProps(this, id, props, source);
    const capacityWarnings =
      props.expectedIngest === undefined
        ? []
        : assessIngestCapacity({
            region: props.region,
            source,
            expectedIngest: props.expectedIngest,
            directPutQuota: props.directPutQuota,
            field: `${id}.expectedIngest`,
          });

    this.region = props.region;
    this.errorOutputPrefix = settings.errorOutputPrefix;
    this.buffering = settings.buffering;
    const name = props.deliveryStreamName;

    // Source: Direct PUT, or a Kinesis data stream (created here or existing) that producers write to.
    let kinesisSource: { readonly streamArn: string; readonly encryptionKeyArn?: string } | undefined;
    let kinesisTarget: ProducerTarget | undefined;
    let targetLiteralName: string | undefined = isUnresolved(name) ? undefined : name;
    if (source.kind === 'kinesis') {
      const streamName = source.streamName ?? `${name}-source`;
      const capacity = source.capacity ?? { mode: 'ON_DEMAND' };
      this.sourceStream = new KinesisStream(this, 'SourceStream', {
        name: streamName,
        streamModeDetails: { streamMode: capacity.mode },
        shardCount: capacity.mode === 'PROVISIONED' ? capacity.shardCount : undefined,
        retentionPeriod: source.retentionHours ?? KINESIS_RETENTION_HOURS.default,
        encryptionType: 'KMS',
        kmsKeyId: source.encryptionKeyArn ?? AWS_MANAGED_KINESIS_KEY,
      });
      kinesisSource = { streamArn: this.sourceStream.arn, encryptionKeyArn: source.encryptionKeyArn };
      kinesisTarget = {
        kind: 'kinesis',
        streamName: this.sourceStream.name,
        streamArn: this.sourceStream.arn,
        encryptionKeyArn: source.encryptionKeyArn,
      };
      targetLiteralName = isUnresolved(streamName) ? undefined : streamName;
    } else if (source.kind === 'existing-kinesis') {
      const parsedName = parseKinesisStreamArn(`${id}.source.streamArn`, source.streamArn)?.streamName;
      kinesisSource = { streamArn: source.streamArn, encryptionKeyArn: source.encryptionKeyArn };
      kinesisTarget = {
        kind: 'kinesis',
        streamName: parsedName ?? Fn.element(Fn.split('/', source.streamArn), 1),
        streamArn: source.streamArn,
        encryptionKeyArn: source.encryptionKeyArn,
      };
      targetLiteralName = parsedName;
    }
    this.producerStreamLiteralName = targetLiteralName;

    // Error logging: always on, one log group with retention, one stream per destination.
    this.logGroup = new RetainedLogGroup(this, 'LogGroup', {
      logGroupName: `/aws/kinesisfirehose/${name}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyArn: props.logGroupKmsKeyArn,
    });
    const destinationLog = new CloudwatchLogStream(this, 'DestinationDeliveryLogStream', {
      name: DELIVERY_LOG_STREAMS.destination,
      logGroupName: this.logGroup.logGroupName,
    });
    const backupLog = new CloudwatchLogStream(this, 'BackupDeliveryLogStream', {
      name: DELIVERY_LOG_STREAMS.backup,
      logGroupName: this.logGroup.logGroupName,
    });

    const { role, policies } = createDeliveryRole(this, 'Role', {
      deliveryStreamName: name,
      database: props.database,
      tables: props.tables.map((entry) => entry.table),
      warehouse: props.warehouse,
      warehouseKmsKeyArn: settings.warehouseKmsKeyArn,
      logStreamArns: [destinationLog.arn, backupLog.arn],
      kinesisSource,
    });
    this.role = role;

    this.resource = new KinesisFirehoseDeliveryStream(this, 'DeliveryStream', {
      name,
      destination: 'iceberg',
      kinesisSourceConfiguration: kinesisSource
        ? { kinesisStreamArn: kinesisSource.streamArn, roleArn: role.roleArn }
        : undefined,
      serverSideEncryption: settings.encryption
        ? { enabled: true, keyType: settings.encryption.keyType, keyArn: settings.encryption.keyArn }
        : undefined,
      icebergConfiguration: {
        roleArn: role.roleArn,
        catalogArn: props.database.catalogArn,
        bufferingInterval: settings.buffering.intervalSeconds,
        bufferingSize: settings.buffering.sizeMiB,
        retryDuration: settings.retryDurationSeconds,
        s3BackupMode: 'FailedDataOnly',
        cloudwatchLoggingOptions: {
          enabled: true,
          logGroupName: this.logGroup.logGroupName,
          logStreamName: destinationLog.name,
        },
        destinationTableConfiguration: destinationTableConfigurations(props.database, props.tables),
        processingConfiguration: props.processingConfiguration,
        s3Configuration: {
          bucketArn: props.warehouse.bucketArn,
          roleArn: role.roleArn,
          errorOutputPrefix: settings.errorOutputPrefix,
          kmsKeyArn: settings.warehouseKmsKeyArn,
          cloudwatchLoggingOptions: {
            enabled: true,
            logGroupName: this.logGroup.logGroupName,
            logStreamName: backupLog.name,
          },
        },
      },
      // Firehose checks the role's permissions (Glue tables, S3, Kinesis) when it creates the stream.
      dependsOn: policies,
    });
    this.deliveryStreamName = this.resource.name;
    this.deliveryStreamArn = this.resource.arn;
    this.producerTarget = kinesisTarget ?? { kind: 'firehose', deliveryStreamName: this.resource.name };

    for (const warning of capacityWarnings) Annotations.of(this).addWarning(warning);
    if (props.tables.length > 1 && props.processingConfiguration === undefined) {
      Annotations.of(this).addWarning(
        `${id}: ${props.tables.length} destination tables but no processingConfiguration. Without routing metadata (the routing package's MetadataExtraction processor) Firehose cannot choose a table, and records fail to ${settings.errorOutputPrefix}.`,
      );
    }
  }

  /**
   * Lets `grantee` write records to {@link producerTarget} and nothing else, with one inline policy named
   * `PutRecords-<stream name>`: `firehose:PutRecord`/`PutRecordBatch` on this stream for Direct PUT; for a
   * Kinesis source `kinesis:PutRecord`/`PutRecords`/`DescribeStream`/`DescribeStreamSummary`/`ListShards` on
   * the source stream, plus `kms:GenerateDataKey` (through Kinesis only) on its customer-managed key.
   */
  grantPutRecords(grantee: IGrantee): void {
    grantProducer(this, grantee, this.producerTarget, this.deliveryStreamArn, this.producerStreamLiteralName);
  }
}

interface ValidatedSettings {
  readonly errorOutputPrefix: string;
  readonly buffering: ResolvedBufferingHints;
  readonly retryDurationSeconds: number;
  readonly warehouseKmsKeyArn?: string;
  readonly encryption?: DeliveryStreamEncryption;
}

/** Every check of the props, before any resource exists. */
function validateProps(
  scope: Construct,
  id: string,
  props: IcebergDeliveryStreamProps,
  source: DeliveryStreamSource,
): ValidatedSettings {
  validateDeliveryStreamName(`${id}.deliveryStreamName`, props.deliveryStreamName);
  validateRegion(scope, `${id}.region`, props.region);
  validateGlueName(`${id}.database.databaseName`, props.database.databaseName);
  validateDestinationTables(`${id}.tables`, props.database, props.tables);

  const warehouseKmsKeyArn =
    props.warehouseKmsKeyArn ??
    (props.warehouse.encryption?.kind === 'KMS' ? props.warehouse.encryption.kmsKeyArn : undefined);
  if (props.warehouseKmsKeyArn !== undefined)
    validateKmsKeyArn(`${id}.warehouseKmsKeyArn`, props.warehouseKmsKeyArn);

  const errorOutputPrefix = props.errorOutputPrefix ?? DEFAULT_ERROR_OUTPUT_PREFIX;
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
    validateKmsKeyArn(`${id}.logGroupKmsKeyArn`, props.logGroupKmsKeyArn);

  validateSource(`${id}.source`, source, props.region);
  let encryption: DeliveryStreamEncryption | undefined;
  if (source.kind === 'direct-put') {
    encryption = props.encryption ?? { keyType: 'AWS_OWNED_CMK' };
    validateEncryption(`${id}.encryption`, encryption);
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
  if (typeof region !== 'string' || !REGION_PATTERN.test(region)) {
    throw new ValidationError(field, region, 'must be an AWS region name such as "eu-west-1"');
  }
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

/** A delivery stream created elsewhere (see {@link IcebergDeliveryStream.fromDeliveryStreamArn}). */
class ImportedIcebergDeliveryStream extends Construct implements IIcebergDeliveryStream {
  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  readonly producerTarget: ProducerTarget;
  private readonly literalName?: string;

  constructor(scope: Construct, id: string, deliveryStreamArn: string, producerTarget?: ProducerTarget) {
    super(scope, id);
    const parsed = parseDeliveryStreamArn(`${id}.deliveryStreamArn`, deliveryStreamArn);
    this.deliveryStreamArn = deliveryStreamArn;
    this.deliveryStreamName = parsed ?? Fn.element(Fn.split('/', deliveryStreamArn), 1);
    if (producerTarget?.kind === 'firehose') {
      const targetName = producerTarget.deliveryStreamName;
      if (parsed !== undefined && !isUnresolved(targetName) && targetName !== parsed) {
        throw new ValidationError(
          `${id}.producerTarget.deliveryStreamName`,
          targetName,
          `must be the imported stream "${parsed}" (a Direct PUT producer writes to the delivery stream itself)`,
        );
      }
    }
    if (producerTarget?.kind === 'kinesis') {
      parseKinesisStreamArn(`${id}.producerTarget.streamArn`, producerTarget.streamArn);
      if (producerTarget.encryptionKeyArn !== undefined)
        validateKmsKeyArn(`${id}.producerTarget.encryptionKeyArn`, producerTarget.encryptionKeyArn);
    }
    this.producerTarget = producerTarget ?? { kind: 'firehose', deliveryStreamName: this.deliveryStreamName };
    const targetName = producerStreamName(this.producerTarget);
    this.literalName = isUnresolved(targetName) ? undefined : targetName;
  }

  grantPutRecords(grantee: IGrantee): void {
    grantProducer(this, grantee, this.producerTarget, this.deliveryStreamArn, this.literalName);
  }
}

const DELIVERY_STREAM_ARN =
  /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/([a-zA-Z0-9_.-]{1,64})$/;

/** The name in a literal delivery stream ARN, or `undefined` for a token. Throws on a malformed ARN. */
function parseDeliveryStreamArn(field: string, arn: string): string | undefined {
  if (isUnresolved(arn)) return undefined;
  const match = typeof arn === 'string' ? DELIVERY_STREAM_ARN.exec(arn) : null;
  if (!match) {
    throw new ValidationError(
      field,
      arn,
      'must be a Firehose delivery stream ARN (arn:<partition>:firehose:<region>:<account>:deliverystream/<name>)',
    );
  }
  return match[1];
}
