import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { RetainedLogGroup, Role, RoleReference } from '@icelog/core';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { KinesisStream } from '@cdktf/provider-aws/lib/kinesis-stream';
import { ResolvedBufferingHints } from './buffering';
import { assessIngestCapacity } from './capacity';
import { createDeliveryRole } from './delivery-role';
import { IIcebergDeliveryStream, ProducerTarget } from './delivery-stream-ref';
import { DELIVERY_LOG_STREAMS, IcebergDeliveryStreamProps } from './delivery-stream-props';
import { destinationTableConfigurations } from './destination-table';
import { ImportedIcebergDeliveryStream } from './imported-delivery-stream';
import { grantProducer } from './producer-grants';
import { bindSource } from './source-binding';
import { validateProps } from './validate-props';

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
    const { kinesisSource, kinesisTarget, sourceStream, producerStreamLiteralName } = bindSource(
      this,
      id,
      name,
      source,
    );
    this.sourceStream = sourceStream;
    this.producerStreamLiteralName = producerStreamLiteralName;

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
        destinationTableConfiguration: destinationTableConfigurations(
          props.database,
          props.tables,
          props.routing?.processingConfiguration !== undefined,
        ),
        processingConfiguration: props.routing?.processingConfiguration,
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
  }

  /**
   * Lets `grantee` write records to {@link producerTarget} and nothing else, with one inline policy named
   * `PutRecords-<stream name>`: `firehose:PutRecord`/`PutRecordBatch` on this stream for Direct PUT; for a
   * Kinesis source `kinesis:PutRecord`/`PutRecords`/`DescribeStream`/`DescribeStreamSummary`/`ListShards` on
   * the source stream, plus `kms:GenerateDataKey` (through Kinesis only) on its customer-managed key.
   * @param grantee any role reference: a `Role`, a provider `IamRole`/`DataAwsIamRole`, a role name or ARN
   * @returns the inline policy, so callers can depend on it
   */
  grantPutRecords(grantee: RoleReference): IamRolePolicy {
    return grantProducer(
      this,
      grantee,
      this.producerTarget,
      this.deliveryStreamArn,
      this.producerStreamLiteralName,
    );
  }
}
