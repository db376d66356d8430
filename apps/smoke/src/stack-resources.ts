import { readFileSync } from 'node:fs';
import { UsageError } from './errors';
import { isTerraformExpression } from './stack-files';

/**
 * What the operator commands read from the resources of a synthesized stack (cdk.tf.json): the
 * delivery stream's routing query, buffering and source, and the CloudWatch alarms. The stack is
 * the single source of these facts, so `failures` routes records exactly as Firehose does.
 */

/** The delivery stream as synthesized. */
export interface StackDeliveryStream {
  /** `name` of the `aws_kinesis_firehose_delivery_stream`. */
  readonly name: string;
  /** The Firehose `MetadataExtractionQuery` (JQ 1.6), when the stream has one. */
  readonly routingQuery?: string;
  /** Iceberg `buffering_interval` in seconds. */
  readonly bufferingIntervalSeconds?: number;
  /** The Kinesis data stream the delivery stream reads from, if any (its name). */
  readonly kinesisSourceStream?: string;
}

/** A CloudWatch alarm of the stack. */
export interface StackAlarm {
  readonly name: string;
  readonly kind: 'metric' | 'composite';
}

/** The parts of a stack's resources the operator commands use. */
export interface StackResources {
  readonly deliveryStreams: readonly StackDeliveryStream[];
  readonly alarms: readonly StackAlarm[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function first(value: unknown): Json | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return isObject(item) ? item : undefined;
}

function literal(value: unknown): string | undefined {
  return typeof value === 'string' && !isTerraformExpression(value) ? value : undefined;
}

function kinesisStreamName(arn: unknown, resources: Json): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const reference = /^\$\{aws_kinesis_stream\.([A-Za-z0-9_-]+)\.arn\}$/.exec(arn);
  if (reference) {
    const streams = isObject(resources.aws_kinesis_stream) ? resources.aws_kinesis_stream : {};
    const stream = streams[reference[1]];
    return isObject(stream) ? literal(stream.name) : undefined;
  }
  return /:stream\/([a-zA-Z0-9_.-]{1,128})$/.exec(arn)?.[1];
}

function deliveryStream(block: Json, resources: Json): StackDeliveryStream | undefined {
  const name = literal(block.name);
  if (!name) return undefined;
  const iceberg = first(block.iceberg_configuration);
  const processing = first(iceberg?.processing_configuration);
  const processors = Array.isArray(processing?.processors) ? processing.processors : [];
  let routingQuery: string | undefined;
  for (const processor of processors) {
    if (!isObject(processor) || !Array.isArray(processor.parameters)) continue;
    for (const parameter of processor.parameters) {
      if (isObject(parameter) && parameter.parameter_name === 'MetadataExtractionQuery')
        routingQuery = literal(parameter.parameter_value);
    }
  }
  const interval = iceberg?.buffering_interval;
  const source = first(block.kinesis_source_configuration);
  return {
    name,
    routingQuery,
    bufferingIntervalSeconds: typeof interval === 'number' ? interval : undefined,
    kinesisSourceStream: source ? kinesisStreamName(source.kinesis_stream_arn, resources) : undefined,
  };
}

function alarms(resources: Json, type: string, kind: StackAlarm['kind']): StackAlarm[] {
  const blocks = isObject(resources[type]) ? resources[type] : {};
  return Object.values(blocks)
    .filter(isObject)
    .map((block) => literal(block.alarm_name))
    .filter((name): name is string => name !== undefined)
    .map((name) => ({ name, kind }));
}

/** Reads the resources the operator commands use from a synthesized cdk.tf.json. */
export function readStackResources(path: string): StackResources {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the synthesized stack ${path}: ${(error as Error).message}`);
  }
  const resources = isObject(json) && isObject(json.resource) ? json.resource : {};
  const streams = isObject(resources.aws_kinesis_firehose_delivery_stream)
    ? resources.aws_kinesis_firehose_delivery_stream
    : {};
  return {
    deliveryStreams: Object.values(streams)
      .filter(isObject)
      .map((block) => deliveryStream(block, resources))
      .filter((stream): stream is StackDeliveryStream => stream !== undefined),
    alarms: [
      ...alarms(resources, 'aws_cloudwatch_metric_alarm', 'metric'),
      ...alarms(resources, 'aws_cloudwatch_composite_alarm', 'composite'),
    ],
  };
}

/** The stack's delivery stream called `name` (or its only one when `name` is undefined). */
export function findDeliveryStream(
  resources: StackResources,
  name?: string,
): StackDeliveryStream | undefined {
  if (name === undefined)
    return resources.deliveryStreams.length === 1 ? resources.deliveryStreams[0] : undefined;
  return resources.deliveryStreams.find((stream) => stream.name === name);
}
